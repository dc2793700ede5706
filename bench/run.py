"""Per-stage benchmark of the pipeline on the synthetic firehose (issue 7).

    .venv/bin/python bench/run.py --n 10000 [--seed 7] [--increment 1000] [--work DIR] [--full-rebuild]

One process, no Airflow: the step functions of diplomacy.pipeline are called in
DAG order with DIPLOMACY_LANDING_DIR / DIPLOMACY_WAREHOUSE_DIR set. Each stage is
shown next to its floor measured in the same run on the same data:

  landing      vs DuckDB's bulk read_json of the same JSON-lines files
  extraction   vs a bare pyahocorasick scan of the same texts for the gazetteer terms
  GX gates     vs the same checks as plain SQL (bench/sql_checks.py)

then: end-to-end latency from a file dropped in the landing folder to a published
event, and an incremental run of `--increment` new articles on top of N loaded,
next to the same articles on an empty warehouse (and, with --full-rebuild, the
whole pipeline again from scratch over N + increment).

Peak memory per stage is the process's resident high-water mark (VmHWM), reset
before each stage through /proc/self/clear_refs; the whole run's peak is the
largest of them (resource.getrusage reports the same, reset, high-water mark). Times are wall clock (time.perf_counter) plus process CPU
time (DuckDB uses both cores; the Python stages use one)."""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

MB = 1024 * 1024


# --- measuring ----------------------------------------------------------------------

def _status_kb(field_name: str) -> int:
    match = re.search(rf"^{field_name}:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.MULTILINE)
    return int(match.group(1)) if match else 0


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


@dataclass
class Stage:
    name: str
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    peak_mb: float = 0.0
    rss_after_mb: float = 0.0
    result: dict = field(default_factory=dict)


class Meter:
    """Times one stage and records its peak resident memory."""

    def __init__(self, log: list[Stage], name: str):
        self.stage = Stage(name)
        log.append(self.stage)

    def __enter__(self) -> Stage:
        _reset_peak()
        self._wall = time.perf_counter()
        self._cpu = time.process_time()
        return self.stage

    def __exit__(self, *exc) -> None:
        self.stage.seconds = time.perf_counter() - self._wall
        self.stage.cpu_seconds = time.process_time() - self._cpu
        self.stage.peak_mb = _status_kb("VmHWM") / 1024
        self.stage.rss_after_mb = _status_kb("VmRSS") / 1024
        print(f"  {self.stage.name:<28} {self.stage.seconds:8.2f} s  cpu {self.stage.cpu_seconds:8.2f} s  "
              f"peak {self.stage.peak_mb:7.0f} MB", file=sys.stderr, flush=True)


def machine() -> dict:
    import duckdb

    mem = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
    model = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    return {
        "cores": os.cpu_count(), "memory_gib": round(int(mem.group(1)) / MB, 1) if mem else None,
        "cpu": model.group(1).strip() if model else platform.processor(),
        "python": platform.python_version(), "duckdb": duckdb.__version__,
        "load_average_at_start": os.getloadavg(), "nice": os.nice(0),
        "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


# --- the corpus -----------------------------------------------------------------------

def ensure_corpus(path: Path, n: int, seed: int, extra: int, log: list[Stage]) -> dict:
    from diplomacy.synthetic import Settings, write_corpus

    manifest_path = path / "manifest.json"
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text())
        if manifest["n"] == n and manifest["extra"] >= extra and manifest["settings"]["seed"] == seed:
            print(f"corpus: reusing {path}", file=sys.stderr)
            return manifest
    with Meter(log, "generate corpus") as stage:
        manifest = write_corpus(path, n, Settings(seed=seed), extra=extra)
        stage.result = {"records": n + extra, "records_per_s": (n + extra) / max(manifest["seconds"], 1e-9)}
    return manifest


def _jsonl_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix == ".jsonl")


def _link_files(files: list[Path], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for source in files:
        target = folder / source.name
        if not target.exists():
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)


# --- floors -------------------------------------------------------------------------

def read_json_floor(files: list[Path], db_path: Path) -> dict:
    """DuckDB's own bulk read of the same records into the same kind of column."""
    import duckdb

    db_path.unlink(missing_ok=True)
    con = duckdb.connect(str(db_path), config={"autoinstall_known_extensions": False,
                                               "autoload_known_extensions": False})
    try:
        con.execute("""CREATE TABLE articles (text VARCHAR USING COMPRESSION zstd, title VARCHAR, url VARCHAR,
                       outlet VARCHAR, published VARCHAR, language VARCHAR)""")
        started = time.perf_counter()
        con.execute("""
            INSERT INTO articles
            SELECT text, title, url, outlet, published, language
            FROM read_json(?, format = 'newline_delimited', ignore_errors = true,
                           columns = {text: 'VARCHAR', title: 'VARCHAR', url: 'VARCHAR', outlet: 'VARCHAR',
                                      published: 'VARCHAR', language: 'VARCHAR'})
        """, [[str(f) for f in files]])
        con.execute("CHECKPOINT")
        seconds = time.perf_counter() - started
        rows = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        started = time.perf_counter()
        con.execute("CREATE TABLE hashed AS SELECT sha256(text) AS content_hash, * FROM articles "
                    "WHERE text IS NOT NULL AND trim(text) <> ''")
        con.execute("CHECKPOINT")
        hash_seconds = time.perf_counter() - started
    finally:
        con.close()
    db_path.unlink(missing_ok=True)
    return {"rows": rows, "seconds": seconds, "plus_hash_and_copy_seconds": hash_seconds}


def gazetteer_terms() -> list[str]:
    """The extractor's gazetteer (diplomacy.extract.actors builds its automaton from the same lists)."""
    from diplomacy import reference

    terms = {a.alias.lower() for a in reference.actors()}
    terms |= {c.lower() for c in reference.cities()}
    terms |= {alias.lower() for alias in reference.leader_terms()}
    return sorted(terms)


def bare_scan(con, limit_bytes: int = 2_000_000_000) -> dict:
    """One pass of a compiled multi-pattern automaton over every article text."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for term in gazetteer_terms():
        automaton.add_word(term, len(term))
    automaton.make_automaton()
    cursor = con.cursor()
    cursor.execute("SELECT text FROM raw.articles")
    articles = hits = nbytes = 0
    seconds = 0.0
    while rows := cursor.fetchmany(5000):
        texts = [t for (t,) in rows]
        started = time.perf_counter()
        for text in texts:
            for _ in automaton.iter(text.lower()):
                hits += 1
        seconds += time.perf_counter() - started
        articles += len(texts)
        nbytes += sum(len(t) for t in texts)
        if nbytes > limit_bytes:
            break
    cursor.close()
    return {"articles": articles, "chars": nbytes, "hits": hits, "seconds": seconds, "terms": len(gazetteer_terms())}


# --- the pipeline, stage by stage ----------------------------------------------------

@contextlib.contextmanager
def _quiet():
    """dbt and GX print progress to stdout; keep the benchmark's output readable."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        yield buffer


def run_pipeline(cfg, load_id: str, log: list[Stage], prefix: str = "", floors: bool = False) -> dict:
    from diplomacy import pipeline

    out: dict = {}
    with Meter(log, f"{prefix}land") as stage:
        stage.result = pipeline.land(load_id, cfg)
    out["land"] = stage
    if floors:
        from sql_checks import run_sql_gate
        from diplomacy.warehouse.db import working_db
        with Meter(log, f"{prefix}landing gate as SQL") as stage:
            with working_db(cfg.working_db) as con:
                stage.result = run_sql_gate(con, "landing", load_id)
        out["landing_sql"] = stage
    with Meter(log, f"{prefix}landing gate (GX)") as stage, _quiet():
        stage.result = _gate(lambda: pipeline.validate_landing(load_id, cfg))
    out["landing_gx"] = stage
    with Meter(log, f"{prefix}link stories") as stage:
        stage.result = pipeline.link_stories(cfg)
    out["link"] = stage
    with Meter(log, f"{prefix}extract") as stage:
        stage.result = pipeline.extract(cfg)
    out["extract"] = stage
    if floors:
        stage.result["input_sentences"] = _count_sentences(cfg)
    with Meter(log, f"{prefix}dbt build") as stage, _quiet():
        stage.result = pipeline.build_marts(cfg)
        stage.result["slowest_nodes"] = _slowest_dbt_nodes(cfg.work_dir / "dbt" / "target" / "run_results.json")
    out["dbt"] = stage
    if floors:
        from sql_checks import run_sql_gate
        from diplomacy.warehouse.db import working_db
        with Meter(log, f"{prefix}marts gate as SQL") as stage:
            with working_db(cfg.working_db) as con:
                stage.result = run_sql_gate(con, "marts")
        out["marts_sql"] = stage
    with Meter(log, f"{prefix}marts gate (GX)") as stage, _quiet():
        stage.result = _gate(lambda: pipeline.validate_marts(f"bench-{load_id}", cfg))
    out["marts_gx"] = stage
    if stage.result.get("failed"):
        print(f"  ! {prefix}marts gate failed: {stage.result['failed_expectations']} - publish is timed anyway "
              "(the DAG would stop here)", file=sys.stderr)
    with Meter(log, f"{prefix}publish") as stage:
        stage.result = _publish(cfg)
    out["publish"] = stage
    return out


def _publish(cfg) -> dict:
    """pipeline.publish; when the marts failed their gate (the DAG stops there), the
    same snapshot copy is made anyway so that its cost is measured, and flagged."""
    from diplomacy import pipeline

    try:
        return pipeline.publish(cfg)
    except Exception as refused:  # pipeline.NotValidated
        if type(refused).__name__ != "NotValidated":
            raise
    from diplomacy.publish import publish_snapshot
    from diplomacy.warehouse.db import working_db

    with working_db(cfg.working_db) as con:
        summary = publish_snapshot(con, cfg.published_db)
    return {"path": str(summary.path), "published": "despite a failed gate (benchmark only)",
            "bytes": summary.bytes, "row_counts": dict(summary.row_counts)}


def _count_sentences(cfg, exact_up_to: int = 20_000) -> int:
    """Sentences of every landed article (the extractor reports only those of the
    articles it reads beyond its Central Asia prefilter). Not timed. Above
    `exact_up_to` articles, counted on an even sample and scaled by characters."""
    from diplomacy.extract.text import split_sentences
    from diplomacy.warehouse.db import working_db

    with working_db(cfg.working_db) as con:
        n, chars = con.execute("SELECT count(*), sum(n_chars) FROM raw.articles").fetchone()
        step = max(1, -(-n // exact_up_to))
        rows = con.execute("SELECT text FROM (SELECT text, row_number() OVER (ORDER BY article_id) AS i "
                           "FROM raw.articles) WHERE i % ? = 0", [step]).fetchall()
    counted = sum(len(split_sentences(text)) for (text,) in rows)
    sample_chars = sum(len(text) for (text,) in rows)
    return counted if step == 1 else round(counted * chars / max(sample_chars, 1))


def _gate(run) -> dict:
    """A failed gate is a finding, not the end of the benchmark: record it and go on."""
    from diplomacy.quality.results import GateFailed

    try:
        return run()
    except GateFailed as failed:
        result = getattr(failed, "result", None)
        if result is None:
            return {"success": False, "failed": 1, "evaluated": None, "failed_expectations": [str(failed)]}
        return {"success": False, "evaluated": result.evaluated, "failed": result.failed,
                "failed_expectations": [f"{f.name}: {f.unexpected_count} unexpected" for f in result.failures],
                "samples": [f.sample for f in result.failures]}


def _slowest_dbt_nodes(path: Path, k: int = 6) -> list[tuple[str, float]]:
    try:
        results = json.loads(path.read_text())["results"]
    except (OSError, KeyError, ValueError):
        return []
    timed = sorted(((r["unique_id"].split(".", 2)[-1], round(r.get("execution_time") or 0.0, 2)) for r in results),
                   key=lambda item: -item[1])
    return timed[:k]


def _total(stages: dict) -> float:
    return sum(s.seconds for name, s in stages.items() if not name.endswith("_sql"))


def _settings(landing: Path, warehouse: Path):
    from diplomacy.config import Settings

    os.environ["DIPLOMACY_LANDING_DIR"] = str(landing)
    os.environ["DIPLOMACY_WAREHOUSE_DIR"] = str(warehouse)
    return Settings(landing_dir=landing.resolve(), warehouse_dir=warehouse.resolve())


def _fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


# --- main -----------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--increment", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=None, help="default: bench/.work/N")
    parser.add_argument("--full-rebuild", action="store_true", help="also rerun everything from scratch on N + increment")
    parser.add_argument("--json", type=Path, default=None, help="default: WORK/results.json")
    parser.add_argument("--report", type=Path, default=None, help="print the summary of a results.json and stop")
    args = parser.parse_args(argv)
    if args.report:
        print(summary(json.loads(args.report.read_text())))
        return 0

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("diplomacy.landing").setLevel(logging.ERROR)  # one warning per rejected record
    from diplomacy.config import apply_offline_env
    apply_offline_env()

    work = (args.work or ROOT / "bench" / ".work" / str(args.n)).resolve()
    work.mkdir(parents=True, exist_ok=True)
    log: list[Stage] = []
    report: dict = {"command": " ".join([Path(sys.executable).name, *sys.argv]), "machine": machine(),
                    "n": args.n, "seed": args.seed, "increment": args.increment}
    print(f"benchmark N={args.n} seed={args.seed} in {work}", file=sys.stderr)

    # imports are a per-process cost every Airflow task pays: measure them once, cold
    report["import_seconds"] = _import_costs()

    manifest = ensure_corpus(work / "corpus", args.n, args.seed, args.increment + 200, log)
    corpus = work / "corpus"
    base_files = _jsonl_files(corpus / "landing")
    base_bytes = sum(f.stat().st_size for f in base_files)
    report["corpus"] = {"records": args.n, "files": len(base_files), "bytes": base_bytes,
                        "counts": manifest["counts"], "gold": manifest["gold"]}
    increment_lines, drop_line = _split_increment(corpus, args.n, args.increment)

    # floor: DuckDB's own bulk read of the same files
    with Meter(log, "floor: duckdb read_json") as stage:
        stage.result = read_json_floor(base_files, work / "read_json_floor.duckdb")

    # the cold load of N
    cfg = _settings(work / "landing", work / "warehouse")
    _fresh(cfg.warehouse_dir)
    shutil.rmtree(cfg.landing_dir, ignore_errors=True)
    _link_files(base_files, cfg.landing_dir)
    cold = run_pipeline(cfg, "bench-base", log, floors=True)
    with Meter(log, "floor: pyahocorasick scan") as stage:
        from diplomacy.warehouse.db import working_db
        with working_db(cfg.working_db) as con:
            stage.result = bare_scan(con)
    report["cold"] = {k: _stage_dict(v) for k, v in cold.items()}
    report["floors"] = {"read_json": _stage_dict(log_by_name(log, "floor: duckdb read_json")),
                        "scan": _stage_dict(stage)}
    report["sizes_after_cold"] = _db_sizes(cfg)

    # incremental: the next `increment` records dropped beside the N already landed
    inc_file = cfg.landing_dir / f"increment-{args.increment}.jsonl"
    inc_file.write_text("".join(line + "\n" for line in increment_lines), encoding="utf-8")
    incremental = run_pipeline(cfg, "bench-increment", log, prefix="incremental: ")
    report["incremental"] = {k: _stage_dict(v) for k, v in incremental.items()}
    report["sizes_after_increment"] = _db_sizes(cfg)

    # end-to-end latency of one new on-topic article
    report["latency"] = _latency(cfg, drop_line, log)

    # the same increment on an empty warehouse
    empty = _settings(work / "empty" / "landing", work / "empty" / "warehouse")
    _fresh(empty.warehouse_dir)
    _fresh(empty.landing_dir)
    (empty.landing_dir / inc_file.name).write_text(inc_file.read_text(encoding="utf-8"), encoding="utf-8")
    empty_run = run_pipeline(empty, "bench-empty", log, prefix="empty: ")
    report["empty"] = {k: _stage_dict(v) for k, v in empty_run.items()}

    if args.full_rebuild:
        rebuild = _settings(work / "rebuild" / "landing", work / "rebuild" / "warehouse")
        _fresh(rebuild.warehouse_dir)
        shutil.rmtree(rebuild.landing_dir, ignore_errors=True)
        _link_files(base_files + [inc_file], rebuild.landing_dir)
        full = run_pipeline(rebuild, "bench-rebuild", log, prefix="full rebuild: ")
        report["full_rebuild"] = {k: _stage_dict(v) for k, v in full.items()}
        shutil.rmtree(work / "rebuild", ignore_errors=True)

    # ru_maxrss is the same high-water mark the stages reset: the run's peak is the
    # largest stage peak (and ru_maxrss when resetting is not possible).
    report["process_peak_mb"] = max([s.peak_mb for s in log] + [resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024])
    report["stages"] = [_stage_dict(s) for s in log]
    out = args.json or work / "results.json"
    out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(summary(report))
    print(f"\nresults: {out}", file=sys.stderr)
    return 0


def log_by_name(log: list[Stage], name: str) -> Stage:
    return next(s for s in log if s.name == name)


def _stage_dict(stage: Stage) -> dict:
    return {"name": stage.name, "seconds": round(stage.seconds, 3), "cpu_seconds": round(stage.cpu_seconds, 3),
            "peak_mb": round(stage.peak_mb, 1), "rss_after_mb": round(stage.rss_after_mb, 1), "result": stage.result}


def _import_costs() -> dict:
    costs = {}
    for module in ("duckdb", "diplomacy.extract.article", "dbt.cli.main", "great_expectations", "trafilatura"):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True)
        costs[module] = round(time.perf_counter() - started, 2) if done.returncode == 0 else None
    return costs


def _split_increment(corpus: Path, n: int, increment: int) -> tuple[list[str], str]:
    """The first `increment` records after N, and one later on-topic article with a
    stated event and a known publication date, for the latency test."""
    import duckdb

    lines = []
    for path in _jsonl_files(corpus / "increment" / "landing"):
        lines += [(f"{path.name}#{i}", line) for i, line in
                  enumerate(path.read_text(encoding="utf-8").split("\n"), start=1) if line]
    candidates = {k for (k,) in duckdb.sql(f"""
        SELECT a.key FROM '{corpus}/truth/articles.parquet' a
        WHERE a.part = 'increment' AND a.kind = 'original' AND a.published_gold IS NOT NULL AND NOT a.as_txt
          AND a.key IN (SELECT key FROM '{corpus}/truth/event_mentions.parquet' WHERE status = 'occurred'
                                                                           AND precision = 'day')
    """).fetchall()}
    later = [line for key, line in lines[increment:] if key in candidates]
    if not later:
        raise RuntimeError("no on-topic article after the increment to drop for the latency test")
    return [line for _, line in lines[:increment]], later[0]


def _latency(cfg, drop_line: str, log: list[Stage]) -> dict:
    from diplomacy.warehouse.db import connect

    name = f"drop-{int(time.time())}.jsonl"
    started = time.perf_counter()
    (cfg.landing_dir / name).write_text(drop_line + "\n", encoding="utf-8")
    stages = run_pipeline(cfg, "bench-drop", log, prefix="latency: ")
    con = connect(cfg.published_db, read_only=True)
    try:
        found = con.execute("""
            SELECT count(DISTINCT e.event_id) FROM marts.fct_event_evidence e
            JOIN marts.dim_article_sources s USING (article_id) WHERE s.source_file = ?""", [name]).fetchone()[0]
    finally:
        con.close()
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "published_events_from_drop": found,
            "stages": {k: round(v.seconds, 2) for k, v in stages.items()}}


def _db_sizes(cfg) -> dict:
    return {"working_db_mb": round(cfg.working_db.stat().st_size / MB, 1) if cfg.working_db.exists() else None,
            "published_db_mb": round(cfg.published_db.stat().st_size / MB, 1) if cfg.published_db.exists() else None}


# --- the printed summary ---------------------------------------------------------------

def summary(r: dict) -> str:
    n = r["n"]
    cold = r["cold"]
    mb = r["corpus"]["bytes"] / MB
    land = cold["land"]
    floor = r["floors"]["read_json"]
    ext = cold["extract"]
    scan = r["floors"]["scan"]["result"]
    articles = ext["result"].get("articles") or 0
    sentences = ext["result"].get("sentences") or 0
    lines = [f"## N = {n:,} (seed {r['seed']}, {mb:.0f} MB of JSON lines in {r['corpus']['files']} files)", "",
             "| stage | wall s | CPU s | throughput | peak MB | floor (same data, same run) |",
             "|---|---:|---:|---|---:|---|"]

    def row(stage: dict, throughput: str, floor_text: str = "") -> None:
        lines.append(f"| {stage['name']} | {stage['seconds']:.2f} | {stage['cpu_seconds']:.2f} | {throughput} | "
                     f"{stage['peak_mb']:.0f} | {floor_text} |")

    landed = land["result"].get("records_seen", n)
    read = floor["result"]["seconds"]  # the bulk read and checkpoint only (the stage also hashes a copy)
    row(land, f"{landed / land['seconds']:,.0f} records/s, {mb / land['seconds']:.1f} MB/s",
        f"read_json {read:.2f} s = {floor['result']['rows'] / read:,.0f} rows/s, "
        f"{mb / read:.0f} MB/s; landing is {land['seconds'] / read:.1f}x "
        f"(read_json + sha256 + a second copy: {read + floor['result']['plus_hash_and_copy_seconds']:.2f} s)")
    row(cold["landing_gx"], f"{cold['landing_gx']['result']['evaluated']} checks",
        f"same checks as SQL {cold['landing_sql']['seconds']:.2f} s")
    row(cold["link"], f"{cold['link']['result']['articles_linked'] / max(cold['link']['seconds'], 1e-9):,.0f} articles/s")
    scan_rate = scan["articles"] / max(scan["seconds"], 1e-9)
    all_sentences = ext["result"].get("input_sentences") or sentences
    row(ext, f"{articles / ext['seconds']:,.0f} articles/s, {all_sentences / ext['seconds']:,.0f} input sentences/s "
             f"({sentences:,} read past the prefilter: {sentences / ext['seconds']:,.0f}/s)",
        f"bare scan {scan['seconds']:.2f} s = {scan_rate:,.0f} articles/s, "
        f"{scan['chars'] / MB / max(scan['seconds'], 1e-9):.0f} MB/s; extraction is "
        f"{scan_rate / max(articles / ext['seconds'], 1e-9):.0f}x slower")
    row(cold["dbt"], f"{cold['dbt']['result'].get('models_passed')} models, {cold['dbt']['result'].get('tests_passed')} tests")
    row(cold["marts_gx"], f"{cold['marts_gx']['result']['evaluated']} checks",
        f"same checks as SQL {cold['marts_sql']['seconds']:.2f} s")
    row(cold["publish"], f"{r['sizes_after_cold']['published_db_mb']} MB snapshot")
    total = _total_dict(cold)
    lines += ["", f"Cold load of N, all stages: {total:.1f} s; process peak {r['process_peak_mb']:.0f} MB "
                  f"(whole benchmark run).", ""]
    inc, empty = _total_dict(r["incremental"]), _total_dict(r["empty"])
    lines += [f"| run of {r['increment']:,} new articles | " + " | ".join(
        s["name"].split(": ")[-1] for s in r["incremental"].values() if not s["name"].endswith("SQL")) + " | total |",
              "|---|" + "---:|" * (len([s for s in r["incremental"].values()]) + 1)]
    for label, run in ((f"on {n:,} loaded", r["incremental"]), ("on an empty warehouse", r["empty"]),
                       *((("full rebuild, N + increment", r["full_rebuild"]),) if "full_rebuild" in r else ())):
        lines.append(f"| {label} | " + " | ".join(f"{s['seconds']:.1f}" for s in run.values()) +
                     f" | {_total_dict(run):.1f} |")
    lines += ["", f"Incremental / empty: {inc / max(empty, 1e-9):.1f}x. "
                  f"End-to-end latency of one dropped article: {r['latency']['seconds']:.1f} s "
                  f"({r['latency']['published_events_from_drop']} event(s) published from it)."]
    return "\n".join(lines)


def _total_dict(stages: dict) -> float:
    return sum(s["seconds"] for k, s in stages.items() if not k.endswith("_sql"))


if __name__ == "__main__":
    raise SystemExit(main())
