"""The GX gates on a small contract-shaped warehouse: clean data passes, each
defect fails exactly the expectation that guards against it, and the failure
is recorded and explained."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from contract_db import LOAD_ID, add_article

from diplomacy.quality import GateFailed, record_validation, validate_landing, validate_marts
from diplomacy.quality.checks import GATES
from diplomacy.quality.gx_project import PROJECT_DIR

RUN_ID = "manual__2026-11-22T08:00:00+00:00"  # Airflow-style: colons and plus in a path


def n_checks(gate: str) -> int:
    return sum(len(frame.checks) for frame in GATES[gate])


def project_files() -> dict[str, bytes]:
    return {str(path): path.read_bytes() for path in PROJECT_DIR.rglob("*") if path.is_file()}


def test_clean_warehouse_passes_both_gates(warehouse, data_docs_dir):
    project_before = project_files()

    landing = validate_landing(warehouse, LOAD_ID, data_docs_dir, RUN_ID)
    marts = validate_marts(warehouse, data_docs_dir, RUN_ID, load_id=LOAD_ID)

    for result, gate in ((landing, "landing"), (marts, "marts")):
        assert result.success, result.describe()
        assert result.suite == gate
        assert result.evaluated == result.successful == n_checks(gate)
        assert result.failed == 0 and result.failed_expectations == []
        result.raise_if_failed()  # no-op
    # One Data Docs site per warehouse, with the runs of both gates on its index.
    assert marts.data_docs_index == data_docs_dir.resolve() / "index.html"
    index = marts.data_docs_index.read_text()
    assert "landing.raw_articles" in index and "marts.fct_diplomatic_events" in index
    assert list((data_docs_dir / "validations" / "marts").rglob("*.html"))
    # A run reads the versioned GX project and writes only into the warehouse.
    assert project_files() == project_before


MARTS_DEFECTS = {
    "sixth Central Asian state": (
        "INSERT INTO marts.dim_countries VALUES ('AZ', 'Azerbaijan', true)",
        {
            "expect_column_sum_to_be_between(dim_countries.is_central_asian)",
            "expect_column_values_to_be_in_set(dim_countries.iso2) where is_central_asian == True",
        },
        "AZ",
    ),
    "event dated 1850": (
        "UPDATE marts.fct_diplomatic_events SET date_start = DATE '1850-01-01', date_end = NULL WHERE event_id = 'e1'",
        {"expect_column_values_to_be_between(fct_diplomatic_events.date_start)"},
        "e1",
    ),
    "scheduled event dated before its first report": (
        "UPDATE marts.fct_diplomatic_events SET date_start = DATE '2024-11-01' WHERE event_id = 'e2'",
        {
            "expect_column_pair_values_a_to_be_greater_than_b(fct_diplomatic_events.period_end, "
            "fct_diplomatic_events.first_report_date) where status == 'scheduled'"
        },
        "e2",
    ),
    "event without evidence": (
        "DELETE FROM marts.fct_event_evidence WHERE event_id = 'e3'",
        {"expect_column_values_to_be_between(fct_diplomatic_events.n_evidence)"},
        "e3",
    ),
    "month precision with a day": (
        "UPDATE marts.fct_diplomatic_events SET date_start = DATE '2024-04-15' WHERE event_id = 'e3'",
        {"expect_column_values_to_be_in_set(fct_diplomatic_events.start_day_of_month) where date_precision == 'month'"},
        "e3",
    ),
    "occurred event after its reports": (
        "UPDATE marts.fct_diplomatic_events SET date_start = DATE '2025-03-01', date_end = NULL WHERE event_id = 'e1'",
        {
            "expect_column_pair_values_a_to_be_greater_than_b(fct_diplomatic_events.latest_report_date, "
            "fct_diplomatic_events.date_start) where status == 'occurred'"
        },
        "e1",
    ),
    "event more than two years after its report": (
        "UPDATE marts.fct_diplomatic_events SET date_start = DATE '2027-06-01' WHERE event_id = 'e2'",
        {
            "expect_column_pair_values_a_to_be_greater_than_b(fct_diplomatic_events.latest_plausible_date, "
            "fct_diplomatic_events.date_start)"
        },
        "e2",
    ),
    "duplicate event and unknown type": (
        "INSERT INTO marts.fct_diplomatic_events SELECT * REPLACE ('press_briefing' AS event_type) "
        "FROM marts.fct_diplomatic_events WHERE event_id = 'e5'",
        {
            "expect_column_values_to_be_unique(fct_diplomatic_events.event_id)",
            "expect_column_values_to_be_in_set(fct_diplomatic_events.event_type)",
        },
        "press_briefing",
    ),
    "participant outside the five": (
        "INSERT INTO marts.bridge_event_participants VALUES ('e1', 'CN', 'guest')",
        {"expect_column_values_to_be_in_set(bridge_event_participants.iso2)"},
        "CN",
    ),
    "relationship with an unknown partner": (
        "UPDATE marts.fct_country_partner_relationships SET partner_code = 'XX' WHERE ca_iso2 = 'KZ'",
        {"expect_column_values_to_be_in_set(fct_country_partner_relationships.partner_code)"},
        "XX",
    ),
}


@pytest.mark.parametrize("defect", MARTS_DEFECTS)
def test_each_marts_defect_fails_its_expectation(warehouse, data_docs_dir, defect):
    statement, expected, offending = MARTS_DEFECTS[defect]
    warehouse.execute(statement)

    result = validate_marts(warehouse, data_docs_dir, RUN_ID)

    assert not result.success
    assert set(result.failed_expectations) == expected
    assert result.failed == len(expected) and result.successful == result.evaluated - len(expected)
    assert any(offending in str(failure.sample) for failure in result.failures)
    with pytest.raises(GateFailed) as raised:
        result.raise_if_failed()
    for name in expected:
        assert name in str(raised.value)
    assert offending in str(raised.value)


def test_an_undated_article_reports_an_event_no_later_than_the_day_it_landed(warehouse, data_docs_dir):
    """An event held after every dated report, but told as held by an undated article that
    landed later, is consistent: the article reported it no later than its landing day."""
    warehouse.execute("UPDATE marts.fct_diplomatic_events SET date_start = DATE '2025-03-01', date_end = NULL "
                      "WHERE event_id = 'e1'")
    warehouse.execute("INSERT INTO marts.dim_articles VALUES ('a9', 's9', NULL, 'Blog', 'Undated', NULL, "
                      "'unknown', 'en', TIMESTAMP '2025-03-10 12:00')")
    warehouse.execute("INSERT INTO marts.fct_event_evidence VALUES ('e1', 'a9', 'The summit was held in March.', 0, 29)")

    result = validate_marts(warehouse, data_docs_dir, RUN_ID)

    assert result.success, result.describe()


def test_failed_gate_is_recorded_in_audit(warehouse, data_docs_dir):
    warehouse.execute("DELETE FROM marts.fct_event_evidence WHERE event_id = 'e3'")
    result = validate_marts(warehouse, data_docs_dir, RUN_ID, load_id=LOAD_ID)

    record_validation(warehouse, result)
    record_validation(warehouse, result)  # a retried task replaces its row

    rows = warehouse.execute(
        """SELECT run_id, suite, success, evaluated, successful, failed, failed_expectations, details,
                  load_id, data_docs_path, validated_at FROM audit.validation_runs"""
    ).fetchall()
    assert len(rows) == 1
    run_id, suite, success, evaluated, successful, failed, names, details, load_id, docs, validated_at = rows[0]
    assert (run_id, suite, success, load_id) == (RUN_ID, "marts", False, LOAD_ID)
    assert (evaluated, successful, failed) == (result.evaluated, result.evaluated - 1, 1)
    assert names == ["expect_column_values_to_be_between(fct_diplomatic_events.n_evidence)"]
    assert '"e3"' in details
    assert docs == str(data_docs_dir.resolve() / "index.html")
    assert abs(validated_at - datetime.now(timezone.utc).replace(tzinfo=None)) < timedelta(minutes=5)


def test_landing_defects_fail(warehouse, data_docs_dir):
    future = datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(days=3)
    add_article(warehouse, "bad-blank", text="  \n\t ")
    add_article(warehouse, "bad-lang", text="Some text", language="english")
    add_article(warehouse, "bad-future", text="More text", published_at=future)
    add_article(warehouse, "bad-old", text="Old text", published_at=datetime(1990, 5, 1))

    result = validate_landing(warehouse, LOAD_ID, data_docs_dir, RUN_ID)

    assert set(result.failed_expectations) == {
        "expect_column_values_to_be_in_set(raw_articles.has_visible_text)",
        "expect_column_values_to_match_regex(raw_articles.language)",
        "expect_column_values_to_be_between(raw_articles.published_at)",
    }
    message = result.describe()
    for article_id in ("bad-blank", "bad-lang", "bad-future", "bad-old"):
        assert article_id in message


def test_landing_of_an_empty_load_passes(warehouse, data_docs_dir):
    result = validate_landing(warehouse, "no-such-load", data_docs_dir, RUN_ID)
    assert result.success, result.describe()


def test_expectation_gx_cannot_evaluate_fails_with_the_reason(warehouse, data_docs_dir):
    # A contract drift GX can only compare badly: dates arriving as text.
    warehouse.execute("ALTER TABLE raw.articles ALTER published_at TYPE VARCHAR")

    result = validate_landing(warehouse, LOAD_ID, data_docs_dir, RUN_ID)

    assert result.failed_expectations == ["expect_column_values_to_be_between(raw_articles.published_at)"]
    assert "GX could not evaluate it" in result.describe()
