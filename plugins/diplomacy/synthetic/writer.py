"""Write the synthetic corpus: JSON-lines batches (and optional .txt files) in a
landing folder, the truth tables as parquet, gold.yaml for small corpora, and a
manifest of what was written.

    OUT/landing/batch-000001.jsonl ...   N records (what `make run LANDING=OUT/landing` lands)
    OUT/increment/landing/...            the next `extra` records of the same stream
    OUT/gold.yaml                        GOLD_FORMAT gold of OUT/landing (N <= gold_yaml_max)
    OUT/truth/*.parquet                  articles, events, mentions, relationships (any N)
    OUT/manifest.json                    parameters, counts, bytes, seconds
"""
from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from dataclasses import asdict
from datetime import date
from pathlib import Path

import yaml

from diplomacy.synthetic.corpus import GENERATOR_VERSION, Record, Settings, Stream, json_line
from diplomacy.synthetic.truth import Event, Relationship
from diplomacy.synthetic.world import CA

GOLD_YAML_MAX = 5000
BATCH_RECORDS = 2000  # ~9 MB per file, well under landing's 20 MiB file limit
_RANK = {"day": 3, "month": 2, "year": 1}


class TruthTables:
    """Per-record truth, column by column (compact at a million records)."""

    def __init__(self):
        self.articles: dict[str, list] = {k: [] for k in (
            "key", "part", "idx", "kind", "style", "story", "on_topic", "language", "published_true",
            "published_gold", "as_txt", "n_chars")}
        self.mentions: dict[str, list] = {k: [] for k in (
            "key", "part", "idx", "event_id", "precision", "ranged", "status", "shows_host", "shows_city",
            "ordinal", "phrase", "sentence")}
        self.rel_mentions: dict[str, list] = {k: [] for k in ("key", "part", "idx", "relationship", "sentence")}

    def add(self, record: Record, part: str) -> None:
        if record.kind == "bad":
            return
        a = self.articles
        for name, value in (("key", record.key), ("part", part), ("idx", record.index), ("kind", record.kind),
                            ("style", record.style), ("story", record.story), ("on_topic", record.on_topic),
                            ("language", record.language), ("published_true", record.pub),
                            ("published_gold", record.published_gold), ("as_txt", record.as_txt),
                            ("n_chars", len(record.text or ""))):
            a[name].append(value)
        for m in record.events:
            for name, value in (("key", record.key), ("part", part), ("idx", record.index), ("event_id", m.event_id),
                                ("precision", m.precision), ("ranged", m.ranged), ("status", m.status),
                                ("shows_host", m.shows_host), ("shows_city", m.shows_city), ("ordinal", m.ordinal),
                                ("phrase", m.phrase), ("sentence", m.sentence)):
                self.mentions[name].append(value)
        for r in record.rels:
            for name, value in (("key", record.key), ("part", part), ("idx", record.index),
                                ("relationship", r.key), ("sentence", r.sentence)):
                self.rel_mentions[name].append(value)


def _date_text(d: date, precision: str) -> str:
    return {"day": d.isoformat(), "month": d.strftime("%Y-%m"), "year": str(d.year)}[precision]


def gold(tables: TruthTables, events: dict[str, Event], relationships: list[Relationship], part: str = "base") -> dict:
    """GOLD_FORMAT gold of one part: an event is in gold when an article of the part
    states it; its fields are what those articles say (the most precise date any of
    them gives, occurred if any reports it as past, host/city only when stated)."""
    a, m, rm = tables.articles, tables.mentions, tables.rel_mentions
    articles = {}
    for i, key in enumerate(a["key"]):
        if a["part"][i] != part:
            continue
        published = a["published_gold"][i]
        articles[key] = {"published": published.isoformat() if published else "unknown", "story": a["story"][i]}
    by_event: dict[str, list[int]] = {}
    for i, event_id in enumerate(m["event_id"]):
        if m["part"][i] == part:
            by_event.setdefault(event_id, []).append(i)
    gold_events = []
    for event_id in sorted(by_event, key=lambda e: min(m["idx"][i] for i in by_event[e])):
        rows = sorted(by_event[event_id], key=lambda i: (m["idx"][i], i))
        e = events[event_id]
        precision = max((m["precision"][i] for i in rows), key=lambda p: _RANK[p])
        ranged = precision == "day" and any(m["ranged"][i] and m["precision"][i] == "day" for i in rows)
        ordinals = [m["ordinal"][i] for i in rows if m["ordinal"][i] is not None]
        keys = list(dict.fromkeys(m["key"][i] for i in rows))
        gold_events.append({
            "id": event_id,
            "event_type": e.event_type,
            "partner": e.partner,
            "host": e.host if any(m["shows_host"][i] for i in rows) else None,
            "location_city": e.city if any(m["shows_city"][i] for i in rows) else None,
            "central_asian_participants": [c for c in CA if c in e.participants],
            "date_start": _date_text(e.start, precision),
            "date_end": e.end.isoformat() if ranged and e.end else None,
            "date_precision": precision,
            "is_first": ordinals[0] if ordinals else None,
            "status": "occurred" if any(m["status"][i] == "occurred" for i in rows) else "scheduled",
            "level": e.level,
            "articles": keys,
            "evidence": m["sentence"][rows[0]],
        })
    truth = {r.key: r for r in relationships}
    by_rel: dict[str, list[int]] = {}
    for i, key in enumerate(rm["relationship"]):
        if rm["part"][i] == part:
            by_rel.setdefault(key, []).append(i)
    gold_rels = []
    for key in sorted(by_rel):
        rows = sorted(by_rel[key], key=lambda i: (rm["idx"][i], i))
        r = truth[key]
        gold_rels.append({"ca_country": r.ca, "partner": r.partner, "relation": r.relation, "since": r.since,
                          "value": r.value, "articles": list(dict.fromkeys(rm["key"][i] for i in rows)),
                          "evidence": rm["sentence"][rows[0]]})
    return {"articles": articles, "events": gold_events, "relationships": gold_rels}


def _write_parquet(columns: dict[str, list], path: Path) -> None:
    import duckdb
    import pandas as pd

    frame = pd.DataFrame(columns)
    con = duckdb.connect()
    try:
        con.register("frame", frame)
        con.execute(f"COPY (SELECT * FROM frame) TO '{path}' (FORMAT parquet, COMPRESSION zstd)")
    finally:
        con.close()


def _event_columns(events: dict[str, Event]) -> dict[str, list]:
    rows = [asdict(e) for e in events.values()]
    columns: dict[str, list] = {k: [] for k in ("id", "event_type", "partner", "host", "city", "participants", "start",
                                                 "end", "level", "ordinal", "direction", "venue", "topic", "parent")}
    for row in rows:
        for k in columns:
            value = row[k]
            columns[k].append(",".join(value) if k == "participants" else value)
    return columns


class _Batches:
    def __init__(self, folder: Path, prefix: str, size: int):
        self.folder, self.prefix, self.size = folder, prefix, size
        self.number = 0
        self.lines = 0
        self.handle = None
        self.name = ""
        self.bytes = 0

    def add(self, line: str) -> str:
        if self.handle is None or self.lines >= self.size:
            self.close()
            self.number += 1
            self.name = f"{self.prefix}-{self.number:06d}.jsonl"
            self.handle = open(self.folder / self.name, "w", encoding="utf-8", newline="\n")
            self.lines = 0
        data = line + "\n"
        self.handle.write(data)
        self.bytes += len(data.encode("utf-8"))
        self.lines += 1
        return f"{self.name}#{self.lines}"

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def _prepare(out: Path) -> None:
    """OUT must be empty or a corpus this generator wrote (then it is replaced)."""
    if out.exists() and any(out.iterdir()):
        if not (out / "manifest.json").is_file() and not (out / _MARKER).is_file():
            raise FileExistsError(f"{out} is not empty and holds no manifest.json of a synthetic corpus; refusing to overwrite")
        for name in ("landing", "increment", "truth"):
            shutil.rmtree(out / name, ignore_errors=True)
        for name in ("gold.yaml", "manifest.json"):
            (out / name).unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / _MARKER).write_text("written by diplomacy.synthetic: may be replaced by the next make corpus\n")


_MARKER = ".synthetic-corpus"


def write_corpus(out: Path | str, n: int, settings: Settings | None = None, extra: int = 0,
                 batch_records: int = BATCH_RECORDS, gold_yaml_max: int = GOLD_YAML_MAX,
                 progress=None) -> dict:
    """Write N records (and `extra` more as an increment) of the stream of `settings.seed`."""
    settings = settings or Settings()
    out = Path(out)
    started = time.perf_counter()
    _prepare(out)
    stream = Stream(settings)
    tables = TruthTables()
    counts: Counter = Counter()
    sizes = {}
    for part, folder, count, prefix in (("base", out / "landing", n, "batch"),
                                        ("increment", out / "increment" / "landing", extra, "increment")):
        if count <= 0:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        batches = _Batches(folder, prefix, batch_records)
        txt_bytes = 0
        for _ in range(count):
            record = next(stream)
            if record.as_txt and record.text is not None:
                record.key = f"article-{record.index:08d}.txt"
                data = record.text.encode("utf-8")
                (folder / record.key).write_bytes(data)
                txt_bytes += len(data)
            else:
                record.key = batches.add(json_line(record))
            tables.add(record, part)
            counts[f"{part}:{record.kind}"] += 1
            if progress and stream.index % 10000 == 0:
                progress(stream.index)
        batches.close()
        sizes[part] = {"records": count, "files": batches.number, "jsonl_bytes": batches.bytes, "txt_bytes": txt_bytes}
    truth_dir = out / "truth"
    truth_dir.mkdir(exist_ok=True)
    _write_parquet(tables.articles, truth_dir / "articles.parquet")
    _write_parquet(tables.mentions, truth_dir / "event_mentions.parquet")
    _write_parquet(tables.rel_mentions, truth_dir / "relationship_mentions.parquet")
    _write_parquet(_event_columns(stream.events), truth_dir / "events.parquet")
    _write_parquet({k: [getattr(r, k) for r in stream.relationships] for k in ("ca", "partner", "relation", "since", "value")},
                   truth_dir / "relationships.parquet")
    base_gold = gold(tables, stream.events, stream.relationships, "base")
    if n <= gold_yaml_max:
        with open(out / "gold.yaml", "w", encoding="utf-8") as handle:
            handle.write(f"# Synthetic corpus, generator {GENERATOR_VERSION}, seed {settings.seed}, N={n}: "
                         "machine-generated from a truth table (diplomacy.synthetic), a benchmark input,\n"
                         "# not a substitute for real text in quality claims. Format: GOLD_FORMAT.md.\n")
            yaml.safe_dump(base_gold, handle, sort_keys=False, allow_unicode=True, width=200)
    manifest = {
        "generator": "diplomacy.synthetic", "version": GENERATOR_VERSION, "n": n, "extra": extra,
        "settings": asdict(settings), "batch_records": batch_records,
        "counts": dict(sorted(counts.items())), "sizes": sizes,
        "gold": {"events": len(base_gold["events"]), "relationships": len(base_gold["relationships"]),
                 "articles": len(base_gold["articles"]), "gold_yaml": n <= gold_yaml_max},
        "seconds": round(time.perf_counter() - started, 2),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest
