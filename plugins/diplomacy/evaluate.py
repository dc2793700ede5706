"""Score a published warehouse against a corpus's gold.yaml
(../shared/corpus/GOLD_FORMAT.md).

An event matches a gold event when event_type and partner are equal, the
dates agree at the gold precision and the Central Asian participant sets
overlap. Scores count distinct merged events: the same real event output twice
is one hit and one false positive. One exception, stated in the format's
example: a meeting of several visiting states may be reported as one event per
visitor; predictions whose participant sets split the gold set count as one hit.
Relationships match on (ca_country, partner, relation); ALL means the five."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from diplomacy import reference
from diplomacy.warehouse.db import connect

FIELDS = ("date", "precision", "status", "is_first", "participants_exact", "host", "city")


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    events: Score
    relationships: Score
    field_accuracy: dict[str, float]
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    relationship_misses: list[str] = field(default_factory=list)
    relationship_false_positives: list[str] = field(default_factory=list)
    stories: dict = field(default_factory=dict)


def load_gold(corpus: Path) -> dict:
    with open(Path(corpus) / "gold.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def evaluate(published_db: Path, gold: dict) -> Evaluation:
    con = connect(published_db, read_only=True)
    try:
        events = _rows(con, """
            SELECT e.*, list(b.iso2 ORDER BY b.iso2) AS participants
            FROM marts.fct_diplomatic_events e
            LEFT JOIN marts.bridge_event_participants b USING (event_id)
            GROUP BY ALL""")
        relationships = {(r["ca_iso2"], r["partner_code"], r["relation"]) for r in _rows(
            con, "SELECT ca_iso2, partner_code, relation FROM marts.fct_country_partner_relationships")}
        articles = _rows(con, """SELECT s.article_id, a.story_id, s.source_file, s.source_record
                                 FROM marts.dim_article_sources s JOIN marts.dim_articles a USING (article_id)""")
    finally:
        con.close()
    result = _score_events(events, gold.get("events") or [])
    result.relationships, result.relationship_misses, result.relationship_false_positives = \
        _score_relationships(relationships, gold.get("relationships") or [])
    result.stories = _score_stories(articles, gold.get("articles") or {})
    return result


def _rows(con, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _date_text(value) -> str | None:
    return None if value is None else str(value)


def _matches(pred: dict, gold: dict) -> bool:
    if pred["event_type"] != gold["event_type"] or pred["partner_code"] != gold.get("partner"):
        return False
    gold_start = _date_text(gold.get("date_start"))
    if not gold_start or not pred["date_start"] or not str(pred["date_start"]).startswith(gold_start):
        return False
    if _precision_rank(pred["date_precision"]) < _precision_rank(gold.get("date_precision")):
        return False
    return bool(set(pred["participants"] or []) & set(gold.get("central_asian_participants") or []))


def _precision_rank(precision: str | None) -> int:
    return {"year": 1, "month": 2, "day": 3}.get(precision or "", 0)


def _score_events(preds: list[dict], golds: list[dict]) -> Evaluation:
    score = Score()
    matched_preds: set[int] = set()
    pairs: list[tuple[dict, dict]] = []
    misses = []
    for gold in golds:
        candidates = [i for i, p in enumerate(preds) if i not in matched_preds and _matches(p, gold)]
        if not candidates:
            misses.append(_describe_gold(gold))
            continue
        best = max(candidates, key=lambda i: _agreement(preds[i], gold))
        matched_preds.add(best)
        pairs.append((preds[best], gold))
        # Split reading: one event per visiting state, disjoint and within the gold set.
        covered = set(preds[best]["participants"] or [])
        gold_set = set(gold.get("central_asian_participants") or [])
        for i in candidates:
            parts = set(preds[i]["participants"] or [])
            if i != best and parts <= gold_set and not parts & covered and covered < gold_set:
                matched_preds.add(i)
                covered |= parts
        score.true_positives += 1
    score.false_negatives = len(misses)
    false_positives = [_describe_pred(p) for i, p in enumerate(preds) if i not in matched_preds]
    score.false_positives = len(false_positives)
    return Evaluation(score, Score(), _field_accuracy(pairs), misses, false_positives)


def _agreement(pred: dict, gold: dict) -> int:
    return sum(_field_checks(pred, gold).values())


def _field_checks(pred: dict, gold: dict) -> dict[str, bool]:
    gold_end = _date_text(gold.get("date_end"))
    pred_end = _date_text(pred.get("date_end"))
    return {
        "date": str(pred["date_start"]).startswith(_date_text(gold["date_start"]))
                and (gold_end is None or (pred_end or "").startswith(gold_end)),
        "precision": pred["date_precision"] == gold.get("date_precision"),
        "status": pred["status"] == gold.get("status"),
        "is_first": pred["is_first"] == gold.get("is_first"),
        "participants_exact": set(pred["participants"] or []) == set(gold.get("central_asian_participants") or []),
        "host": pred["host_code"] == gold.get("host"),
        "city": (pred["location_city"] or "").lower() == (gold.get("location_city") or "").lower(),
    }


def _field_accuracy(pairs: list[tuple[dict, dict]]) -> dict[str, float]:
    if not pairs:
        return {name: 0.0 for name in FIELDS}
    totals = {name: 0 for name in FIELDS}
    for pred, gold in pairs:
        for name, ok in _field_checks(pred, gold).items():
            totals[name] += ok
    return {name: totals[name] / len(pairs) for name in FIELDS}


def _score_relationships(predicted: set[tuple], golds: list[dict]):
    five = sorted(reference.central_asian_codes())
    wanted = set()
    for rel in golds:
        states = five if rel["ca_country"] == "ALL" else [rel["ca_country"]]
        wanted |= {(s, rel["partner"], rel["relation"]) for s in states}
    score = Score(len(wanted & predicted), len(predicted - wanted), len(wanted - predicted))
    return score, sorted(map(str, wanted - predicted)), sorted(map(str, predicted - wanted))


def _score_stories(articles: list[dict], gold_articles: dict) -> dict:
    """Pairwise agreement of story links: do two articles share a story in both?"""
    by_key = {}
    for a in articles:
        # gold keys a record of a multi-record file as "file.jsonl#2"
        number = re.search(r"\d+", a["source_record"] or "")
        key = f"{a['source_file']}#{number.group(0)}" if number else a["source_file"]
        by_key[key] = a["story_id"]
        by_key.setdefault(a["source_file"], a["story_id"])
    keys = [k for k in gold_articles if k in by_key]
    agree = total = 0
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            total += 1
            agree += (gold_articles[a]["story"] == gold_articles[b]["story"]) == (by_key[a] == by_key[b])
    return {"articles_found": len(keys), "articles_in_gold": len(gold_articles),
            "pair_agreement": agree / total if total else 1.0}


def _describe_gold(gold: dict) -> str:
    return (f"{gold.get('id', '?')}: {gold['event_type']} partner={gold.get('partner')} "
            f"{gold.get('date_start')} {sorted(gold.get('central_asian_participants') or [])}")


def _describe_pred(pred: dict) -> str:
    return (f"{pred['event_type']} partner={pred['partner_code']} {pred['date_start']} ({pred['date_precision']}) "
            f"{sorted(pred['participants'] or [])} status={pred['status']}")


def format_evaluation(result: Evaluation) -> str:
    e, r = result.events, result.relationships
    lines = [
        "=== Evaluation against gold.yaml ===",
        f"Events        P={e.precision:.3f} R={e.recall:.3f} F1={e.f1:.3f} "
        f"(tp={e.true_positives} fp={e.false_positives} fn={e.false_negatives})",
        f"Relationships P={r.precision:.3f} R={r.recall:.3f} F1={r.f1:.3f} "
        f"(tp={r.true_positives} fp={r.false_positives} fn={r.false_negatives})",
        "Field accuracy on matched events: " + ", ".join(f"{k}={v:.2f}" for k, v in result.field_accuracy.items()),
        f"Stories: {result.stories.get('articles_found')}/{result.stories.get('articles_in_gold')} gold articles found, "
        f"pairwise story agreement {result.stories.get('pair_agreement', 0):.3f}",
    ]
    for title, items in (("Missed events", result.misses), ("False positive events", result.false_positives),
                         ("Missed relationships", result.relationship_misses),
                         ("False positive relationships", result.relationship_false_positives)):
        if items:
            lines.append(f"{title} ({len(items)}):")
            lines.extend(f"  - {item}" for item in items)
    return "\n".join(lines)
