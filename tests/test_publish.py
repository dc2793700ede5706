"""publish_snapshot: a read-only snapshot in DuckDB 1.4 storage, replaced atomically,
and untouched when a publish fails."""
from __future__ import annotations

import hashlib

import duckdb
import pytest

import diplomacy.publish as publish_module
from diplomacy.publish import publish_snapshot
from diplomacy.warehouse.db import connect, ensure_schema


@pytest.fixture
def working(tmp_path):
    con = connect(tmp_path / "_work" / "working.duckdb")
    ensure_schema(con)
    con.execute("INSERT INTO raw.articles VALUES ('a1', 'h1', 'secret raw text', null, null, null, null, null, "
                "'en', 'f.txt', null, 'txt', 15, 'load-1', now())")
    con.execute("CREATE SCHEMA marts")
    con.execute("CREATE TABLE marts.dim_countries AS SELECT * FROM (VALUES ('KZ', 'Kazakhstan', true), "
                "('CN', 'China', false)) t(iso2, name, is_central_asian)")
    con.execute("CREATE TABLE marts.fct_diplomatic_events AS SELECT 'e1' AS event_id, DATE '2024-11-15' AS date_start")
    con.execute("CREATE VIEW marts.v_central_asia AS SELECT * FROM marts.dim_countries WHERE is_central_asian")
    con.execute("INSERT INTO audit.validation_runs (run_id, suite, success, validated_at) VALUES ('r1', 'marts', true, now())")
    yield con
    con.close()


def published_in(tmp_path):
    return tmp_path / "diplomacy.duckdb"


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_publish_writes_a_readable_v1_4_snapshot_of_marts_and_audit(working, tmp_path):
    target = published_in(tmp_path)

    summary = publish_snapshot(working, target)

    assert summary.path == target.resolve() and summary.bytes == target.stat().st_size > 0
    assert summary.row_counts == {
        "audit.validation_runs": 1,
        "marts.dim_countries": 2,
        "marts.fct_diplomatic_events": 1,
        "marts.v_central_asia": 1,  # views are materialised: the snapshot stands alone
    }
    reader = duckdb.connect(str(target), read_only=True)
    try:
        assert reader.execute("SELECT iso2 FROM marts.v_central_asia").fetchall() == [("KZ",)]
        assert reader.execute("SELECT date_start::VARCHAR FROM marts.fct_diplomatic_events").fetchall() == [("2024-11-15",)]
        schemas = {row[0] for row in reader.execute("SELECT DISTINCT schema_name FROM duckdb_tables()").fetchall()}
        assert schemas == {"marts", "audit"}  # raw (article text) is not published
        tags = reader.execute("SELECT tags FROM duckdb_databases() WHERE database_name = current_database()").fetchone()[0]
        assert tags["storage_version"].startswith("v1.4.0")
    finally:
        reader.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_work", "diplomacy.duckdb"]  # no temp file


def test_second_publish_replaces_the_snapshot_atomically(working, tmp_path):
    target = published_in(tmp_path)
    publish_snapshot(working, target)
    reader = duckdb.connect(str(target), read_only=True)  # a BI user with the file open
    working.execute("INSERT INTO marts.dim_countries VALUES ('UZ', 'Uzbekistan', true)")

    summary = publish_snapshot(working, target)

    assert summary.row_counts["marts.dim_countries"] == 3
    # The open reader keeps the file it opened (the rename swapped the directory entry) ...
    assert reader.execute("SELECT count(*) FROM marts.dim_countries").fetchone()[0] == 2
    reader.close()
    # ... and the next one sees the new load.
    with duckdb.connect(str(target), read_only=True) as fresh:
        assert fresh.execute("SELECT count(*) FROM marts.dim_countries").fetchone()[0] == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_work", "diplomacy.duckdb"]


def test_failed_publish_leaves_the_previous_snapshot_untouched(working, tmp_path, monkeypatch):
    target = published_in(tmp_path)
    publish_snapshot(working, target)
    before = digest(target)
    working.execute("INSERT INTO marts.dim_countries VALUES ('UZ', 'Uzbekistan', true)")

    copied = []
    real_copy = publish_module.copy_table

    def copy_then_fail(con, source, destination):
        if copied:  # the first table is already in the temp file
            raise RuntimeError("disk full")
        real_copy(con, source, destination)
        copied.append(destination)

    monkeypatch.setattr(publish_module, "copy_table", copy_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        publish_snapshot(working, target)

    assert digest(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_work", "diplomacy.duckdb"]
    # The working connection is left usable: the next publish goes through.
    monkeypatch.undo()
    assert publish_snapshot(working, target).row_counts["marts.dim_countries"] == 3


def test_publish_from_a_path_and_refusals(working, tmp_path):
    working_path = tmp_path / "_work" / "working.duckdb"
    with pytest.raises(ValueError, match="onto itself"):
        publish_snapshot(working, working_path)
    with pytest.raises(ValueError, match="no schema staging"):
        publish_snapshot(working, published_in(tmp_path), schemas=("marts", "staging"))
    assert not published_in(tmp_path).exists()
    working.close()

    summary = publish_snapshot(working_path, published_in(tmp_path))  # opened read-only

    assert summary.row_counts["marts.dim_countries"] == 2
