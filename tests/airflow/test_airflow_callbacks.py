"""The failure audit: a failed task becomes a row of audit.task_failures; when another
process holds the working database, the row is spooled and merged by the next publish;
the same try is never recorded twice. No Airflow needed: the callbacks get a context."""
from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from diplomacy.orchestration import callbacks
from diplomacy.warehouse.db import connect


@pytest.fixture
def warehouse(tmp_path, monkeypatch):
    monkeypatch.setenv("DIPLOMACY_WAREHOUSE_DIR", str(tmp_path / "warehouse"))
    return tmp_path / "warehouse"


def context(task_id="dbt.int_events", try_number=1, error=None):
    ti = SimpleNamespace(dag_id="build_warehouse", run_id="manual__2026-01-01T00:00:00+00:00", task_id=task_id,
                         map_index=-1, try_number=try_number, max_tries=2,
                         log_url=f"http://127.0.0.1:8080/dags/build_warehouse/runs/x/tasks/{task_id}")
    return {"ti": ti, "exception": error or RuntimeError("Binder Error: column t.nope not found"),
            "logical_date": datetime(2026, 1, 1, tzinfo=timezone.utc)}


def rows(db, sql="SELECT task_id, try_number, outcome, exception_type, exception_message, log_url "
                 "FROM audit.task_failures ORDER BY try_number"):
    con = connect(db, read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_failure_and_a_retry_are_recorded_once_each(warehouse):
    callbacks.record_retry(context(try_number=1))
    callbacks.record_failure(context(try_number=2))
    callbacks.record_failure(context(try_number=2))  # the same try again: no second row
    db = warehouse / "_work" / "working.duckdb"
    recorded = rows(db)
    assert [(r[0], r[1], r[2], r[3]) for r in recorded] == [
        ("dbt.int_events", 1, "up_for_retry", "RuntimeError"), ("dbt.int_events", 2, "failed", "RuntimeError")]
    assert "column t.nope" in recorded[1][4] and recorded[1][5].startswith("http://127.0.0.1:8080/")


def test_a_callback_never_raises(warehouse, monkeypatch):
    monkeypatch.setattr(callbacks, "write_failures", lambda rows: 1 / 0)
    callbacks.record_failure(context())  # logged, not raised: the task's own failure matters


def test_a_busy_database_spools_the_row_and_publish_merges_it(warehouse, monkeypatch):
    db = warehouse / "_work" / "working.duckdb"
    db.parent.mkdir(parents=True)
    release = warehouse / "release"
    holder = subprocess.Popen([sys.executable, "-c", f"""
import pathlib, time
from diplomacy.warehouse.db import writer_lock
with writer_lock({str(db)!r}, purpose="another writer"):
    pathlib.Path({str(warehouse / 'held')!r}).touch()
    while not pathlib.Path({str(release)!r}).exists():
        time.sleep(0.05)
"""])
    try:
        deadline = time.monotonic() + 60
        while not (warehouse / "held").exists():
            assert time.monotonic() < deadline and holder.poll() is None
            time.sleep(0.05)
        monkeypatch.setattr(callbacks, "CALLBACK_LOCK_TIMEOUT_SECONDS", 0.5)
        callbacks.record_failure(context(task_id="extract"))
        spool = callbacks.spool_path(db)
        assert spool.exists() and "extract" in spool.read_text()
    finally:
        release.touch()
        holder.wait(timeout=60)
    assert callbacks.prepare_audit(db) == 1
    assert not spool.exists()
    assert [r[0] for r in rows(db)] == ["extract"]
    assert callbacks.prepare_audit(db) == 0  # nothing left to merge; the table stays


def test_publish_preparation_creates_the_table_even_without_failures(warehouse):
    db = warehouse / "_work" / "working.duckdb"
    assert callbacks.prepare_audit(db) == 0
    assert rows(db, "SELECT count(*) FROM audit.task_failures") == [(0,)]
