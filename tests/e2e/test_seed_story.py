"""The shared seed story, end to end through Airflow: every gold event exactly
once with the right fields, the three relationships, both copies in one story."""
from datetime import date

import pytest
import yaml
from e2e_helpers import copy_folder, query

FIVE = ["KG", "KZ", "TJ", "TM", "UZ"]


@pytest.fixture(scope="module")
def published(seeds_dir, tmp_path_factory, airflow_env):
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("seeds")
    landing = copy_folder(seeds_dir, root / "landing")
    done = subprocess.run([sys.executable, "-m", "diplomacy", "run", "--landing", str(landing),
                           "--warehouse", str(root / "warehouse")],
                          env=airflow_env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    return root / "warehouse" / "diplomacy.duckdb"


@pytest.fixture(scope="module")
def gold(seeds_dir):
    return yaml.safe_load((seeds_dir / "gold.yaml").read_text())


def _events(db):
    rows = query(db, """
        SELECT e.event_type, e.partner_code, e.host_code, e.location_city, e.date_start, e.date_end,
               e.date_precision, e.status, e.is_first, e.level, e.n_articles,
               list(b.iso2 ORDER BY b.iso2) AS participants
        FROM marts.fct_diplomatic_events e JOIN marts.bridge_event_participants b USING (event_id)
        GROUP BY ALL""")
    names = ["event_type", "partner", "host", "city", "date_start", "date_end", "precision", "status",
             "is_first", "level", "n_articles", "participants"]
    return [dict(zip(names, row)) for row in rows]


def _as_date(value) -> date:
    text = str(value)
    text = text + "-01" * (2 - text.count("-"))
    return date.fromisoformat(text)


def test_every_gold_event_is_published_exactly_once_with_its_fields(published, gold):
    events = _events(published)
    for expected in gold["events"]:
        same = [e for e in events if e["event_type"] == expected["event_type"] and e["partner"] == expected["partner"]
                and str(e["date_start"]).startswith(str(expected["date_start"]))]
        assert len(same) == 1, (expected["id"], same)
        event = same[0]
        assert event["date_start"] == _as_date(expected["date_start"]), expected["id"]
        assert event["precision"] == expected["date_precision"], expected["id"]
        assert event["status"] == expected["status"], expected["id"]
        assert event["is_first"] == expected["is_first"], expected["id"]
        assert event["participants"] == sorted(expected["central_asian_participants"]), expected["id"]
        assert event["host"] == expected["host"], expected["id"]
        assert event["city"] == expected["location_city"], expected["id"]
        if expected.get("date_end"):
            assert event["date_end"] == _as_date(expected["date_end"]), expected["id"]
    assert len(events) == len(gold["events"]), "no event beyond the gold ones"


def test_events_reported_by_both_copies_count_both_articles(published):
    assert query(published, """
        SELECT n_articles, n_stories FROM marts.fct_diplomatic_events
        WHERE event_type = 'summit' AND partner_code = 'JP'""") == [(2, 1)]


def test_the_three_relationships_expand_to_the_five_states(published, gold):
    rows = query(published, """
        SELECT partner_code, relation, list(ca_iso2 ORDER BY ca_iso2)
        FROM marts.fct_country_partner_relationships GROUP BY ALL ORDER BY ALL""")
    expected = sorted((r["partner"], r["relation"], FIVE) for r in gold["relationships"])
    assert sorted(rows) == expected
    assert query(published, """SELECT since FROM marts.fct_country_partner_relationships
                               WHERE relation = 'dialogue_framework' LIMIT 1""") == [(2004,)]


def test_both_articles_are_kept_under_one_story(published):
    rows = query(published, "SELECT count(*), count(DISTINCT story_id) FROM marts.dim_articles")
    assert rows == [(2, 1)]
    assert query(published, "SELECT DISTINCT published_at::DATE, published_at_source FROM marts.dim_articles") == [
        (date(2025, 12, 18), "text")]


def test_exactly_five_central_asian_states(published):
    assert query(published, "SELECT list(iso2 ORDER BY iso2) FROM marts.dim_countries WHERE is_central_asian") == [
        (FIVE,)]


def test_every_event_points_to_its_sentences(published):
    missing = query(published, """
        SELECT count(*) FROM marts.fct_diplomatic_events e
        WHERE NOT EXISTS (SELECT 1 FROM marts.fct_event_evidence v WHERE v.event_id = e.event_id)""")
    assert missing == [(0,)]
