"""dashboard/data.py: read-only access, parameterised filters, formatting of
dates at their precision, URL checks, and a re-published snapshot being seen."""
from __future__ import annotations

import os
from datetime import date

import pytest
from dashboard_testlib import copy_warehouse, sql

from dashboard import data


# ---------------------------------------------------------------- pure helpers

@pytest.mark.parametrize(("start", "end", "precision", "expected"), [
    (date(2026, 3, 16), None, "day", "2026-03-16"),
    (date(2026, 3, 16), date(2026, 3, 17), "day", "2026-03-16 – 2026-03-17"),
    (date(2025, 4, 1), None, "month", "April 2025"),
    (date(2025, 1, 1), None, "year", "2025"),
    (None, None, None, "undated"),
])
def test_dates_are_shown_at_their_precision(start, end, precision, expected):
    assert data.format_date(start, end, precision) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://steppe-inform.example/en/a-1", "https://steppe-inform.example/en/a-1"),
    ("http://x.example/?q=1", "http://x.example/?q=1"),
    ("javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("file:///etc/passwd", None),
    ("//evil.example/x", None),
    ("/relative", None),
    ('https://x.example/"><script>', None),
    (None, None),
    ("", None),
])
def test_only_http_links_to_articles(url, expected):
    assert data.safe_url(url) == expected


def test_the_warehouse_path_comes_from_the_argument_then_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DIPLOMACY_WAREHOUSE_DIR", str(tmp_path / "env"))
    assert data.resolve_warehouse() == tmp_path / "env" / "diplomacy.duckdb"
    assert data.resolve_warehouse(tmp_path / "arg") == tmp_path / "arg" / "diplomacy.duckdb"
    assert data.resolve_warehouse(tmp_path / "x.duckdb") == tmp_path / "x.duckdb"
    monkeypatch.delenv("DIPLOMACY_WAREHOUSE_DIR")
    assert data.resolve_warehouse() == data.PROJECT_ROOT / "warehouse" / "diplomacy.duckdb"


def test_filter_values_never_enter_the_sql_text():
    hostile = "x'); DROP TABLE marts.fct_diplomatic_events; --"
    where, params = data.event_where(data.Filters(
        partners=(hostile, data.NO_PARTNER), states=(hostile,), types=(hostile,),
        date_from=date(2025, 1, 1), date_to=date(2025, 12, 31), include_undated=False))
    assert hostile not in where and "2025" not in where
    assert where.count("?") == len(params)
    assert [hostile] in params


# ------------------------------------------------------- against the warehouse

def test_a_missing_or_foreign_file_is_a_message_not_an_exception(tmp_path):
    missing = data.warehouse_status(tmp_path / "nowhere" / "diplomacy.duckdb")
    assert not missing.ok and "No published warehouse" in missing.message
    junk = tmp_path / "junk" / "diplomacy.duckdb"
    junk.parent.mkdir()
    junk.write_text("not a database")
    status = data.warehouse_status(junk)
    assert not status.ok and "could not be opened" in status.message
    with pytest.raises(data.WarehouseError):
        data.events(junk, data.Filters())


def test_the_file_is_opened_read_only(sample_warehouse):
    con = data.connect(sample_warehouse)
    try:
        with pytest.raises(Exception, match="read-only"):
            con.execute("CREATE TABLE marts.should_fail (x INT)")
    finally:
        con.close()


def test_hostile_filter_values_match_nothing_and_break_nothing(sample_warehouse):
    before = sql(sample_warehouse, "SELECT count(*) FROM marts.fct_diplomatic_events")[0][0]
    hostile = "CN' OR '1'='1"
    assert data.event_counts(sample_warehouse, data.Filters(partners=(hostile,)))["events"] == 0
    assert data.events(sample_warehouse, data.Filters(states=(hostile,))).empty
    assert sql(sample_warehouse, "SELECT count(*) FROM marts.fct_diplomatic_events")[0][0] == before


def test_filters_select_what_sql_selects(sample_warehouse):
    (partner,) = sql(sample_warehouse, """SELECT partner_code FROM marts.fct_diplomatic_events
        WHERE partner_code IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""")[0]
    expected = sql(sample_warehouse, "SELECT count(*) FROM marts.fct_diplomatic_events WHERE partner_code = ?",
                   [partner])[0][0]
    assert data.event_counts(sample_warehouse, data.Filters(partners=(partner,)))["events"] == expected

    intra = sql(sample_warehouse, "SELECT count(*) FROM marts.fct_diplomatic_events WHERE partner_code IS NULL")[0][0]
    assert data.event_counts(sample_warehouse, data.Filters(partners=(data.NO_PARTNER,)))["events"] == intra

    for iso2 in ("KZ", "TM"):
        expected = sql(sample_warehouse, """SELECT count(DISTINCT event_id) FROM marts.bridge_event_participants
            WHERE iso2 = ?""", [iso2])[0][0]
        assert data.event_counts(sample_warehouse, data.Filters(states=(iso2,)))["events"] == expected

    expected = sql(sample_warehouse, "SELECT count(*) FROM marts.fct_diplomatic_events WHERE event_type = 'summit'")[0][0]
    assert data.event_counts(sample_warehouse, data.Filters(types=("summit",)))["events"] == expected

    # Date range: overlap with the period a date denotes; undated events follow the checkbox.
    lo, hi = date(2025, 4, 15), date(2025, 12, 31)
    overlapping = sql(sample_warehouse, """SELECT count(*) FROM marts.fct_diplomatic_events
        WHERE date_start <= ? AND coalesce(period_end, date_end, date_start) >= ?""", [hi, lo])[0][0]
    undated = sql(sample_warehouse, "SELECT count(*) FROM marts.fct_diplomatic_events WHERE date_start IS NULL")[0][0]
    assert data.event_counts(sample_warehouse, data.Filters(date_from=lo, date_to=hi,
                                                            include_undated=False))["events"] == overlapping
    assert data.event_counts(sample_warehouse, data.Filters(date_from=lo, date_to=hi))["events"] == overlapping + undated


def test_a_republished_snapshot_is_seen_without_reconnecting(sample_warehouse, empty_warehouse, tmp_path):
    db = copy_warehouse(sample_warehouse, tmp_path / "wh")
    assert data.warehouse_status(db).n_events > 0
    # What publish does: a new file renamed over the old one.
    staged = tmp_path / "wh" / ".next.tmp"
    staged.write_bytes(empty_warehouse.read_bytes())
    os.replace(staged, db)
    assert data.warehouse_status(db).n_events == 0
    assert data.events(db, data.Filters()).empty
