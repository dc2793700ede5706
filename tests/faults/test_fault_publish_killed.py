"""A process SIGKILLed in the middle of publishing: the last good snapshot is
still the one served, byte for byte; it opens read-only and passes the marts
gate; the next publish removes the temp file the dead process left behind."""
from __future__ import annotations

import os
import signal

import pytest
from e2e_helpers import query, sha256
from faults_helpers import contract_warehouse, leftovers, wait_for, worker

from diplomacy.publish import clean_stale_temps, publish_snapshot
from diplomacy.quality import validate_marts
from diplomacy.warehouse.db import connect


@pytest.mark.parametrize("window", ["mid-copy", "pre-rename"])
def test_publish_killed_leaves_the_last_good_snapshot_served_and_valid(tmp_path, window):
    cfg = contract_warehouse(tmp_path)
    published = cfg.published_db
    publish_snapshot(cfg.working_db, published)  # the last good snapshot
    good_digest = sha256(published)
    good_articles = query(published, "SELECT article_id FROM marts.dim_articles ORDER BY 1")
    working = connect(cfg.working_db)
    try:  # the next load: one more article
        working.execute("INSERT INTO marts.dim_articles SELECT 'a3', 's3', NULL, 'Outlet', 'Later', "
                        "TIMESTAMP '2024-12-05 08:00', 'metadata', 'en', TIMESTAMP '2024-12-05 09:00'")
    finally:
        working.close()

    publisher = worker("publish_then_hang", cfg.working_db, published, tmp_path / "in-window", window)
    wait_for(tmp_path / "in-window", publisher)
    debris = leftovers(published.parent)
    assert debris, "the publish had not started writing its temp file"
    temp = published.parent / next(name for name in debris if name.endswith(".tmp"))
    assert temp.stat().st_size > 0  # the new snapshot is partly (mid-copy) or fully (pre-rename) written
    publisher.send_signal(signal.SIGKILL)
    publisher.communicate(timeout=30)
    assert publisher.returncode == -signal.SIGKILL

    # The last good snapshot is still what readers get, untouched ...
    assert sha256(published) == good_digest
    assert query(published, "SELECT article_id FROM marts.dim_articles ORDER BY 1") == good_articles
    # ... it opens read-only and passes the marts gate ...
    reader = connect(published, read_only=True)
    try:
        verdict = validate_marts(reader, cfg.data_docs_dir, run_id="after-kill")
    finally:
        reader.close()
    assert verdict.success, verdict.describe()
    # ... and the dead publisher's temp file is still there until the next publish removes it.
    assert leftovers(published.parent) == debris

    summary = publish_snapshot(cfg.working_db, published)

    assert leftovers(published.parent) == []
    assert sorted(p.name for p in published.parent.iterdir()) == ["_work", "data_docs", "diplomacy.duckdb"]
    assert summary.row_counts["marts.dim_articles"] == len(good_articles) + 1
    assert query(published, "SELECT count(*) FROM marts.dim_articles") == [(len(good_articles) + 1,)]


def test_a_temp_file_of_a_live_publish_is_never_removed(tmp_path):
    published = tmp_path / "diplomacy.duckdb"
    mine = tmp_path / f".diplomacy.duckdb.{os.getppid()}.0123abcd.tmp"  # a live process (our parent)
    dead = tmp_path / ".diplomacy.duckdb.999999999.0123abcd.tmp"  # above pid_max: never alive
    dead_wal = tmp_path / ".diplomacy.duckdb.999999999.0123abcd.tmp.wal"
    unrelated = tmp_path / ".diplomacy.duckdb.notes.tmp"
    for path in (mine, dead, dead_wal, unrelated):
        path.write_bytes(b"x")

    removed = clean_stale_temps(published)

    assert sorted(removed) == sorted([dead, dead_wal])
    assert mine.exists() and unrelated.exists()
