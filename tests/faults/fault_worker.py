"""The other process of a fault test: `python fault_worker.py <command> <args>`.

Each command does one thing a real second process would do (hold the writer
lock, publish, read the published file as a BI tool does) and signals the
test through small files, so every window the test needs is deterministic."""
from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path


def wait_for(path: Path, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path} never appeared")
        time.sleep(0.05)


def hold_lock(db: str, ready: str, release: str) -> None:
    """Take the writer lock of `db`, say so, and keep it until `release` exists."""
    from diplomacy.warehouse.db import writer_lock

    with writer_lock(db, purpose="fault test holder"):
        Path(ready).write_text(str(os.getpid()))
        wait_for(Path(release), timeout=600)


def take_lock(db: str, out: str, timeout: str) -> None:
    """Take the writer lock of `db` (waiting as a pipeline step would), then
    write what happened as JSON: how long it waited, or the error."""
    from diplomacy.warehouse.db import writer_lock

    started = time.monotonic()
    try:
        with writer_lock(db, purpose="fault test step", timeout=float(timeout)):
            result = {"acquired": True, "waited": time.monotonic() - started}
    except Exception as error:  # noqa: BLE001 - reported to the test
        result = {"acquired": False, "error_type": type(error).__name__, "error": str(error),
                  "waited": time.monotonic() - started}
    Path(out).write_text(json.dumps(result))


def publish_then_hang(working: str, published: str, ready: str, window: str) -> None:
    """publish_snapshot, stopped forever at `window` so the test can SIGKILL it there:
    mid-copy   after two tables are in the temp file and checkpointed to disk;
    pre-rename after the temp file is complete and fsynced, just before os.replace."""
    import diplomacy.publish as publish

    def stop_here() -> None:
        Path(ready).write_text(str(os.getpid()))
        time.sleep(600)

    if window == "mid-copy":
        real_copy, copied = publish.copy_table, []

        def copy_then_hang(con, source, target):
            real_copy(con, source, target)
            copied.append(target)
            if len(copied) == 2:
                con.execute(f"CHECKPOINT {publish.SNAPSHOT_ALIAS}")  # part of the new file is on disk
                stop_here()

        publish.copy_table = copy_then_hang
    elif window == "pre-rename":
        real_replace = os.replace

        def replace_after_hang(src, dst):
            if str(src).endswith(".tmp"):
                stop_here()
            real_replace(src, dst)

        os.replace = replace_after_hang
    else:
        raise SystemExit(f"unknown window {window}")
    publish.publish_snapshot(working, published)
    raise SystemExit("publish finished although it should have been killed")


def long_reader(published: str, control: str) -> None:
    """A BI session: one read-only connection kept open across a publish.
    Writes read-1.json, waits for `go`, writes read-2.json with the same
    connection and read-2b.json from a second one opened meanwhile, closes
    both, and writes read-3.json from a new connection."""
    import duckdb

    control_dir = Path(control)
    sql = """SELECT (SELECT count(*) FROM marts.dim_articles), (SELECT count(*) FROM marts.fct_diplomatic_events),
                    (SELECT string_agg(article_id, ',' ORDER BY article_id) FROM marts.dim_articles)"""
    con = duckdb.connect(published, read_only=True)
    (control_dir / "read-1.json").write_text(json.dumps(con.execute(sql).fetchone()))
    wait_for(control_dir / "go")
    (control_dir / "read-2.json").write_text(json.dumps(con.execute(sql).fetchone()))
    # DuckDB caches a database per path inside a process: a connection opened
    # while another to the same path is still open shares its (old) file.
    with duckdb.connect(published, read_only=True) as second:
        (control_dir / "read-2b.json").write_text(json.dumps(second.execute(sql).fetchone()))
    con.close()
    with duckdb.connect(published, read_only=True) as fresh:
        (control_dir / "read-3.json").write_text(json.dumps(fresh.execute(sql).fetchone()))


def read_once(published: str) -> None:
    """A new BI session: open read-only, print what it sees, close."""
    import duckdb

    with duckdb.connect(published, read_only=True) as con:
        print(json.dumps(con.execute(
            "SELECT (SELECT count(*) FROM marts.dim_articles), "
            "(SELECT string_agg(article_id, ',' ORDER BY article_id) FROM marts.dim_articles)").fetchone()))


def pipeline_run(landing: str, warehouse: str, tag: str) -> None:
    """Both DAGs' steps in order, as their tasks call them, on one warehouse.
    Prints `RESULT {json}` at the end."""
    from diplomacy import pipeline
    from diplomacy.config import Settings

    cfg = Settings(landing_dir=Path(landing).resolve(), warehouse_dir=Path(warehouse).resolve())
    landed = pipeline.land(load_id=f"{tag}-load", cfg=cfg)
    pipeline.validate_landing(load_id=f"{tag}-load", cfg=cfg)
    pipeline.link_stories(cfg=cfg)
    pipeline.extract(cfg=cfg)
    pipeline.build_marts(cfg=cfg)
    pipeline.validate_marts(run_id=f"{tag}-build", cfg=cfg)
    published = pipeline.publish(cfg=cfg)
    print("RESULT " + json.dumps({"articles_landed": landed["articles_landed"],
                                  "published": published["published"]}), flush=True)


COMMANDS = {"pipeline_run": pipeline_run, "hold_lock": hold_lock, "take_lock": take_lock, "publish_then_hang": publish_then_hang,
            "long_reader": long_reader, "read_once": read_once}

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    COMMANDS[sys.argv[1]](*sys.argv[2:])
