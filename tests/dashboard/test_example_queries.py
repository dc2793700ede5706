"""queries/*.sql: each example query runs against the sample warehouse (and an
empty one) with the columns its header promises, returns rows where the sample
guarantees them (sample/gold.yaml), and is covered by a dbt exposure."""
from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess

import duckdb
import pytest
import yaml
from dashboard_testlib import PROJECT_ROOT, READ_CONFIG, sql

QUERIES = PROJECT_ROOT / "queries"

# file -> (columns, the sample guarantees rows?)
EXPECTED = {
    # gold: the China–Central Asia summit in Astana, leaders, all five states
    "leader_summits_all_five_by_year.sql": (
        ["year", "partner_code", "partner_name", "n_summits", "n_occurred", "n_scheduled", "locations", "event_ids"],
        True),
    "first_summits_by_partner.sql": (
        ["partner_code", "partner_name", "partner_kind", "first_summit_date", "date_precision", "status",
         "host_code", "location_city", "level", "basis", "n_summits", "event_id"],
        True),
    "state_partners_ranked.sql": (
        ["ca_iso2", "state_name", "partner_rank", "partner_code", "partner_name", "n_events", "n_occurred",
         "n_scheduled", "n_leader_level", "first_event_date", "last_event_date"],
        True),
    # gold: the Astana summit story landed twice (meridian + the scraped aggregator copy)
    "events_reported_by_several_outlets.sql": (
        ["event_id", "event_type", "partner_code", "date_start", "date_precision", "status", "n_articles",
         "n_stories", "n_outlets", "outlets", "first_reported_at", "last_reported_at"],
        True),
    # gold: the Astana summit of June 16-17 was only announced (status scheduled)
    "scheduled_events_not_confirmed.sql": (
        ["event_id", "event_type", "partner_code", "partner_name", "host_code", "location_city", "date_start",
         "date_end", "date_precision", "period_end", "participants", "first_reported_at", "last_reported_at",
         "n_stories", "is_overdue"],
        True),
}


def run(db, name):
    con = duckdb.connect(str(db), read_only=True, config=dict(READ_CONFIG))
    try:
        return con.execute((QUERIES / name).read_text()).df()
    finally:
        con.close()


def test_every_query_file_is_known_here():
    assert sorted(p.name for p in QUERIES.glob("*.sql")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_has_a_header_that_says_what_it_answers(name):
    text = (QUERIES / name).read_text()
    header = [line for line in text.splitlines() if line.startswith("--")]
    assert text.startswith("-- ") and header[0].rstrip().endswith("?"), "first line: the question"
    assert any(f"< queries/{name}" in line for line in header), "how to run it"
    documented = " ".join(line[2:] for line in header).split("Columns:")[1]
    assert re.findall(r"[a-z_0-9]+", documented) == EXPECTED[name][0], "the header lists the columns"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_shape_on_the_sample(sample_warehouse, name):
    columns, guaranteed = EXPECTED[name]
    frame = run(sample_warehouse, name)
    assert list(frame.columns) == columns
    if guaranteed:
        assert len(frame) > 0


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_runs_on_an_empty_warehouse(empty_warehouse, name):
    frame = run(empty_warehouse, name)
    assert list(frame.columns) == EXPECTED[name][0] and frame.empty


def test_query_answers_agree_with_the_marts(sample_warehouse):
    summits = run(sample_warehouse, "leader_summits_all_five_by_year.sql")
    for ids in summits["event_ids"]:
        for event_id in ids.split(", "):
            (states,) = sql(sample_warehouse, "SELECT count(DISTINCT iso2) FROM marts.bridge_event_participants "
                                              "WHERE event_id = ?", [event_id])[0]
            assert states == 5
    assert (summits["n_occurred"] + summits["n_scheduled"] == summits["n_summits"]).all()

    scheduled = run(sample_warehouse, "scheduled_events_not_confirmed.sql")
    assert sorted(scheduled["event_id"]) == sorted(
        r[0] for r in sql(sample_warehouse, "SELECT event_id FROM marts.fct_diplomatic_events WHERE status = 'scheduled'"))

    ranked = run(sample_warehouse, "state_partners_ranked.sql")
    for _, rows in ranked.groupby("ca_iso2"):
        assert rows.loc[rows["partner_rank"] == 1, "n_events"].min() == rows["n_events"].max()

    several = run(sample_warehouse, "events_reported_by_several_outlets.sql")
    assert (several["n_articles"] >= 2).all() and (several["n_stories"] <= several["n_articles"]).all()

    first = run(sample_warehouse, "first_summits_by_partner.sql")
    assert first["partner_code"].is_unique


@pytest.mark.skipif(shutil.which("duckdb") is None, reason="no DuckDB CLI on PATH (the queries ran through Python above)")
def test_queries_run_in_the_duckdb_cli(sample_warehouse):
    for name, (columns, _) in sorted(EXPECTED.items()):
        with open(QUERIES / name) as script:
            done = subprocess.run(["duckdb", "-readonly", "-csv", str(sample_warehouse)], stdin=script,
                                  capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"{name}: {done.stderr}"
        assert next(csv.reader(io.StringIO(done.stdout))) == columns, name


def test_dbt_exposures_cover_the_dashboard_and_every_query():
    exposures = yaml.safe_load((PROJECT_ROOT / "dbt_project" / "models" / "exposures.yml").read_text())["exposures"]
    kinds = {e["name"]: e["type"] for e in exposures}
    assert kinds.get("diplomacy_dashboard") == "dashboard"
    described = " ".join(e["description"] for e in exposures if e["type"] == "analysis")
    for name in EXPECTED:
        assert f"queries/{name}" in described
    models = {p.stem for p in (PROJECT_ROOT / "dbt_project" / "models").rglob("*.sql")}
    for exposure in exposures:
        for ref in exposure["depends_on"]:
            assert re.fullmatch(r"ref\('(\w+)'\)", ref).group(1) in models, ref
