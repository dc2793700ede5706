"""Run the extractor over the articles the current extractor version has not
read yet, and store mentions in raw.event_mentions / raw.relationship_mentions.
Each batch is one transaction: an article is marked read together with its
mentions, so a crash never leaves half an article."""
from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timezone

import duckdb
import pandas as pd

from diplomacy.extract import EXTRACTOR_VERSION
from diplomacy.extract.article import extract_article

log = logging.getLogger(__name__)

_PENDING = """
    SELECT a.article_id, a.text, a.published_at, a.landed_at
    FROM raw.articles a
    JOIN raw.loads l ON l.load_id = a.load_id AND l.gate_success
    WHERE NOT EXISTS (SELECT 1 FROM raw.extracted_articles x
                      WHERE x.article_id = a.article_id AND x.extractor_version = ?)
    ORDER BY a.landed_at, a.article_id
"""


@dataclass
class ExtractionSummary:
    extractor_version: str
    articles: int = 0
    sentences: int = 0
    event_mentions: int = 0
    relationship_mentions: int = 0
    seconds: float = 0.0


def extract_pending(con: duckdb.DuckDBPyConnection, version: str = EXTRACTOR_VERSION,
                    batch_size: int = 500) -> ExtractionSummary:
    summary = ExtractionSummary(version)
    started = time.perf_counter()
    cursor = con.cursor()
    cursor.execute(_PENDING, [version])
    while rows := cursor.fetchmany(batch_size):
        results = [_extract_one(row, version) for row in rows]
        _store(con, results)
        summary.articles += len(rows)
        summary.sentences += sum(marker["n_sentences"] for marker, _, _ in results)
        summary.event_mentions += sum(len(events) for _, events, _ in results)
        summary.relationship_mentions += sum(len(rels) for _, _, rels in results)
        log.info("extracted %d articles so far (%d event mentions)", summary.articles, summary.event_mentions)
    cursor.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _extract_one(row, version: str) -> tuple[dict, list[dict], list[dict]]:
    article_id, text, published_at, landed_at = row
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    result = extract_article(text, published=published_at.date() if published_at else None,
                             today=(landed_at or now).date())
    marker = dict(article_id=article_id, extractor_version=version,
                  published_date=result.publication.value if result.publication.source == "text" else None,
                  published_at_source=result.publication.source, n_sentences=result.n_sentences,
                  n_event_mentions=len(result.events), n_relationship_mentions=len(result.relationships),
                  extracted_at=now)
    events = []
    for n, e in enumerate(result.events):
        events.append(dict(
            mention_id=_mention_id(article_id, version, e.sentence_index, n, "event"),
            article_id=article_id, extractor_version=version, sentence_index=e.sentence_index,
            sentence=e.sentence, char_start=e.char_start, char_end=e.char_end, event_type=e.event_type,
            partner_code=e.partner_code, host_code=e.host_code, location_city=e.location_city,
            participants=list(e.participants),
            date_start=e.date.start if e.date else None, date_end=e.date.end if e.date else None,
            date_precision=e.date.precision if e.date else None, status=e.status, is_first=e.is_first,
            level=e.level, trigger=e.trigger))
    relationships = []
    for n, r in enumerate(result.relationships):
        relationships.append(dict(
            mention_id=_mention_id(article_id, version, r.sentence_index, n, "relationship"),
            article_id=article_id, extractor_version=version, sentence_index=r.sentence_index,
            sentence=r.sentence, char_start=r.char_start, char_end=r.char_end, ca_iso2=r.ca_iso2,
            partner_code=r.partner_code, relation=r.relation, value=r.value, since=r.since))
    return marker, events, relationships


def _mention_id(article_id: str, version: str, sentence_index: int, n: int, kind: str) -> str:
    key = f"{article_id}|{version}|{kind}|{sentence_index}|{n}"
    return hashlib.sha1(key.encode()).hexdigest()[:16]


_EVENT_COLUMNS = ("mention_id, article_id, extractor_version, sentence_index, sentence, char_start, char_end, "
                  "event_type, partner_code, host_code, location_city, participants, date_start, date_end, "
                  "date_precision, status, is_first, level, trigger")
_RELATIONSHIP_COLUMNS = ("mention_id, article_id, extractor_version, sentence_index, sentence, char_start, "
                         "char_end, ca_iso2, partner_code, relation, value, since")
_MARKER_COLUMNS = ("article_id, extractor_version, published_date, published_at_source, n_sentences, "
                   "n_event_mentions, n_relationship_mentions, extracted_at")


def _store(con: duckdb.DuckDBPyConnection, results: list[tuple[dict, list[dict], list[dict]]]) -> None:
    markers = pd.DataFrame([r[0] for r in results], columns=_MARKER_COLUMNS.split(", "))
    events = pd.DataFrame([e for r in results for e in r[1]], columns=_EVENT_COLUMNS.split(", "))
    relationships = pd.DataFrame([x for r in results for x in r[2]], columns=_RELATIONSHIP_COLUMNS.split(", "))
    con.execute("BEGIN TRANSACTION")
    try:
        if len(events):
            con.register("new_events", events)
            con.execute(f"INSERT INTO raw.event_mentions ({_EVENT_COLUMNS}) SELECT {_EVENT_COLUMNS} FROM new_events")
            con.unregister("new_events")
        if len(relationships):
            con.register("new_relationships", relationships)
            con.execute(f"INSERT INTO raw.relationship_mentions ({_RELATIONSHIP_COLUMNS}) "
                        f"SELECT {_RELATIONSHIP_COLUMNS} FROM new_relationships")
            con.unregister("new_relationships")
        con.register("new_markers", markers)
        con.execute(f"INSERT INTO raw.extracted_articles ({_MARKER_COLUMNS}) SELECT {_MARKER_COLUMNS} FROM new_markers")
        con.unregister("new_markers")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
