"""A gate failure: the published snapshot is unchanged byte for byte, the step
fails naming the expectation and the rows, audit.validation_runs and the Data
Docs index record the failed run, and the failing working database is kept
under _work/failed/. Marts that no gate passed are never published."""
from __future__ import annotations

import ast
import re
from urllib.parse import unquote

import pytest
from e2e_helpers import query, sha256
from faults_helpers import contract_warehouse

from diplomacy import pipeline
from diplomacy.pipeline import NotValidated, safe_id
from diplomacy.quality import GateFailed
from diplomacy.warehouse.db import connect, working_db

BAD_RUN = "manual__2026-11-22T10:00:00+00:00"


def data_docs_runs(index_html: str) -> list[dict]:
    """The rows of the Data Docs index table (GX writes them as a JS literal)."""
    rows = []
    for block in re.findall(r"data: (\[\{.*?\}\]),\n", index_html, flags=re.S):
        rows += [row for row in ast.literal_eval(block) if "run_name" in row]
    return rows


def test_a_failed_gate_keeps_the_snapshot_and_says_why(tmp_path):
    cfg = contract_warehouse(tmp_path)
    pipeline.validate_marts(run_id="good-run", cfg=cfg)
    pipeline.publish(cfg)
    digest = sha256(cfg.published_db)
    with working_db(cfg.working_db) as con:  # a broken load: an event dated before independence
        con.execute("UPDATE marts.fct_diplomatic_events SET date_start = DATE '1850-01-01', date_end = NULL "
                    "WHERE event_id = 'e1'")

    with pytest.raises(GateFailed) as failed:
        pipeline.validate_marts(run_id=BAD_RUN, cfg=cfg)
    with pytest.raises(NotValidated, match="failed their gate in run " + re.escape(BAD_RUN)):
        pipeline.publish(cfg)  # even if someone runs publish anyway

    # The DAG run fails loudly, naming the expectation and the offending row.
    message = str(failed.value)
    assert "expect_column_values_to_be_between(fct_diplomatic_events.date_start)" in message
    assert "e1" in message and "Data Docs:" in message
    # The snapshot readers get is the last good one, byte for byte.
    assert sha256(cfg.published_db) == digest
    # audit.validation_runs says why.
    with working_db(cfg.working_db) as con:
        success, names, details = con.execute(
            "SELECT success, failed_expectations, details FROM audit.validation_runs "
            "WHERE run_id = ? AND suite = 'marts'", [BAD_RUN]).fetchone()
    assert success is False
    assert names == ["expect_column_values_to_be_between(fct_diplomatic_events.date_start)"]
    assert '"e1"' in details
    # The Data Docs index lists the failed run next to the good one, with a page per frame.
    runs = data_docs_runs((cfg.data_docs_dir / "index.html").read_text())
    verdicts = {(r["run_name"], r["asset_name"]): r["_validation_success_text"] for r in runs}
    assert verdicts[(BAD_RUN, "fct_diplomatic_events")] == "Failed"
    assert verdicts[("good-run", "fct_diplomatic_events")] == "Success"
    assert [frame for (run, frame), text in verdicts.items() if text == "Failed"] == ["fct_diplomatic_events"]
    failed_page = next(r["_table_row_link_path"] for r in runs
                       if r["run_name"] == BAD_RUN and r["asset_name"] == "fct_diplomatic_events")
    page = (cfg.data_docs_dir / unquote(failed_page)).read_text()
    assert "date_start" in page and "1850-01-01" in page
    # The failing working database is kept for inspection.
    kept = cfg.failed_loads_dir / f"{safe_id(BAD_RUN)}.duckdb"
    con = connect(kept, read_only=True)
    try:
        assert con.execute("SELECT date_start::VARCHAR FROM marts.fct_diplomatic_events "
                           "WHERE event_id = 'e1'").fetchone() == ("1850-01-01",)
    finally:
        con.close()

    # Once a good load passes, the published audit shows the failed run too (BI charts quality).
    with working_db(cfg.working_db) as con:
        con.execute("UPDATE marts.fct_diplomatic_events SET date_start = DATE '2024-11-15', "
                    "date_end = DATE '2024-11-16' WHERE event_id = 'e1'")
    pipeline.validate_marts(run_id="fixed-run", cfg=cfg)
    assert pipeline.publish(cfg)["published"] is True
    assert query(cfg.published_db, "SELECT run_id, success FROM audit.validation_runs ORDER BY validated_at") == [
        ("good-run", True), (BAD_RUN, False), ("fixed-run", True)]


def test_marts_rebuilt_after_this_runs_gate_are_not_published(tmp_path):
    """Run A validates; run B's dbt build replaces the marts before A publishes.
    A's publish must not copy B's unvalidated marts: it publishes nothing and
    says so; B's own gate and publish then publish them."""
    cfg = contract_warehouse(tmp_path)
    pipeline.validate_marts(run_id="run-a", cfg=cfg)
    with working_db(cfg.working_db, purpose="run B's dbt build") as con:
        con.execute("INSERT INTO marts.dim_articles SELECT 'a3', 's3', NULL, 'Outlet', 'Later', "
                    "TIMESTAMP '2024-12-05 08:00', 'metadata', 'en', TIMESTAMP '2024-12-05 09:00'")

    outcome = pipeline.publish(cfg)

    assert outcome["published"] is False and "changed since they were last validated" in outcome["reason"]
    assert not cfg.published_db.exists()
    pipeline.validate_marts(run_id="run-b", cfg=cfg)
    assert pipeline.publish(cfg)["validated_by"] == "run-b"
    assert query(cfg.published_db, "SELECT count(*) FROM marts.dim_articles") == [(3,)]
