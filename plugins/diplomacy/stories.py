"""Link copies of one story: syndicated, scraped, truncated or dirty copies.

Each article is reduced to hashed word 5-grams of its Latin-script words
("shingles"), with apostrophes dropped so "Kazakhstan's" and "Kazakhstans"
agree and foreign-script site furniture is ignored. A new article joins the
story of an earlier article when most of the shorter text's shingles occur in
the other (containment, not Jaccard: a cut-short copy is contained in the full
one). Only new articles are shingled and compared, through an index join in
DuckDB, so linking cost follows the new data, not all pairs."""
from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timezone

import duckdb
import pandas as pd

log = logging.getLogger(__name__)

SHINGLE_WORDS = 5
CONTAINMENT_THRESHOLD = 0.5
_WORD = re.compile(r"[a-z0-9]+")


@dataclass
class StorySummary:
    articles_linked: int = 0
    new_stories: int = 0
    joined_existing: int = 0


def shingles(text: str) -> set[int]:
    normalised = re.sub(r"['’`]", "", text.lower())
    words = _WORD.findall(normalised)
    if len(words) < SHINGLE_WORDS:
        return {_hash(" ".join(words))} if words else set()
    return {_hash(" ".join(words[i:i + SHINGLE_WORDS])) for i in range(len(words) - SHINGLE_WORDS + 1)}


def _hash(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "little")


def link_new_articles(con: duckdb.DuckDBPyConnection, threshold: float = CONTAINMENT_THRESHOLD) -> StorySummary:
    new = con.execute("""
        SELECT a.article_id, a.text FROM raw.articles a
        WHERE NOT EXISTS (SELECT 1 FROM raw.article_stories s WHERE s.article_id = a.article_id)
        ORDER BY a.landed_at, a.article_id
    """).fetchall()
    summary = StorySummary()
    if not new:
        return summary
    order = {article_id: n for n, (article_id, _) in enumerate(new)}
    frame = pd.DataFrame(
        [(article_id, s) for article_id, text in new for s in shingles(text)],
        columns=["article_id", "shingle"],
    ).astype({"shingle": "uint64"})
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("new_shingles", frame)
        con.execute("DELETE FROM raw.article_shingles WHERE article_id IN (SELECT DISTINCT article_id FROM new_shingles)")
        con.execute("INSERT INTO raw.article_shingles SELECT article_id, shingle FROM new_shingles")
        con.unregister("new_shingles")
        candidates = _candidates(con, list(order))
        stories = dict(con.execute("SELECT article_id, story_id FROM raw.article_stories").fetchall())
        rows = []
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        for article_id, _ in new:
            match = _best_earlier(article_id, candidates.get(article_id, []), order, stories, threshold)
            if match:
                other, containment = match
                stories[article_id] = stories[other]
                summary.joined_existing += 1
            else:
                other, containment = None, None
                stories[article_id] = article_id
                summary.new_stories += 1
            rows.append((article_id, stories[article_id], other, containment, now))
        _insert_links(con, rows)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    summary.articles_linked = len(new)
    log.info("linked %d new articles: %d new stories, %d copies of known stories",
             summary.articles_linked, summary.new_stories, summary.joined_existing)
    return summary


def _insert_links(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    frame = pd.DataFrame(rows, columns=["article_id", "story_id", "matched_article_id", "containment", "linked_at"])
    con.register("new_links", frame)
    con.execute("INSERT INTO raw.article_stories SELECT * FROM new_links")
    con.unregister("new_links")


def _candidates(con: duckdb.DuckDBPyConnection, new_ids: list[str]) -> dict[str, list[tuple[str, float]]]:
    """For each new article, the articles sharing shingles with it and the
    containment of the smaller shingle set in the larger."""
    rows = con.execute("""
        WITH new AS (SELECT unnest(?) AS article_id),
        sizes AS (
            SELECT article_id, count(*) AS n FROM raw.article_shingles GROUP BY article_id
        ),
        shared AS (
            SELECT a.article_id AS a_id, b.article_id AS b_id, count(*) AS n_shared
            FROM raw.article_shingles a
            JOIN new USING (article_id)
            JOIN raw.article_shingles b ON a.shingle = b.shingle AND a.article_id <> b.article_id
            GROUP BY ALL
        )
        SELECT shared.a_id, shared.b_id, shared.n_shared / least(sa.n, sb.n) AS containment
        FROM shared
        JOIN sizes sa ON sa.article_id = shared.a_id
        JOIN sizes sb ON sb.article_id = shared.b_id
    """, [new_ids]).fetchall()
    found: dict[str, list[tuple[str, float]]] = {}
    for a_id, b_id, containment in rows:
        found.setdefault(a_id, []).append((b_id, float(containment)))
    return found


def _best_earlier(article_id: str, candidates: list[tuple[str, float]], order: dict[str, int],
                  stories: dict[str, str], threshold: float) -> tuple[str, float] | None:
    """The most similar article linked before this one (already stored, or
    earlier in this batch), if it is similar enough."""
    position = order[article_id]
    earlier = [(other, c) for other, c in candidates
               if c >= threshold and other in stories and order.get(other, -1) < position]
    return max(earlier, key=lambda oc: oc[1]) if earlier else None
