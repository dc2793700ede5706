"""The same DAG run re-run (the scheduler clearing a run, or Airflow retrying a
task): every step runs again with the same load_id / run_id, exactly as the
DAG tasks call them, and the published marts do not change; the audit rows of
the run are replaced, not added; raw.loads and raw.articles stay as they were.

The same folder landed again by a *new* DAG run is
tests/e2e/test_sample_run.py::test_running_the_same_folder_again_changes_nothing
(through Airflow). dag.test() cannot re-run a DAG run under its own run_id: with
the same logical date it deletes the run and creates one whose run_id comes from
the current time, which is that same-folder case."""
from __future__ import annotations

from e2e_helpers import copy_folder, marts_fingerprint, query
from faults_helpers import PROJECT_ROOT, settings_in

from diplomacy import pipeline
from diplomacy.warehouse.db import connect

INGEST_RUN = pipeline.safe_id("scheduled__2026-11-20T06:00:00+00:00")   # = the load_id
BUILD_RUN = pipeline.safe_id("asset_triggered__2026-11-20T06:00:09+00:00")


def dag_runs(cfg) -> dict:
    """ingest_articles then build_warehouse, step by step, with fixed run ids."""
    landed = pipeline.land(load_id=INGEST_RUN, cfg=cfg)
    pipeline.validate_landing(load_id=INGEST_RUN, cfg=cfg)
    pipeline.link_stories(cfg=cfg)
    pipeline.extract(cfg=cfg)
    pipeline.build_marts(cfg=cfg)
    pipeline.validate_marts(run_id=BUILD_RUN, cfg=cfg)
    published = pipeline.publish(cfg=cfg)
    assert published["published"] is True
    return landed


def working_state(cfg) -> dict:
    con = connect(cfg.working_db, read_only=True)
    try:
        return {
            "loads": con.execute("SELECT load_id, files_seen, records_seen, articles_landed, duplicates, rejected, "
                                 "gate_success FROM raw.loads").fetchall(),
            "articles": con.execute("SELECT article_id, load_id FROM raw.articles ORDER BY 1").fetchall(),
            "rejected": con.execute("SELECT source_file, reason, load_id FROM raw.rejected_inputs ORDER BY 1").fetchall(),
            "mentions": con.execute("SELECT count(*) FROM raw.event_mentions").fetchall(),
        }
    finally:
        con.close()


AUDIT = "SELECT run_id, suite, success, evaluated, validated_at FROM audit.validation_runs ORDER BY run_id, suite"


def test_rerunning_the_same_dag_run_changes_nothing_published(tmp_path):
    copy_folder(PROJECT_ROOT / "sample" / "landing", tmp_path / "landing")
    cfg = settings_in(tmp_path)
    first = dag_runs(cfg)
    marts_before = marts_fingerprint(cfg.published_db)
    audit_before = query(cfg.published_db, AUDIT)
    rejected_before = query(cfg.published_db, "SELECT * FROM audit.rejected_inputs ORDER BY ALL")
    state_before = working_state(cfg)

    again = dag_runs(cfg)

    # A retried load reports what the load landed; only "newly recorded rejections" is 0 the second time.
    assert first["articles_landed"] == again["articles_landed"] == 10
    assert (first["rejections_recorded"], again["rejections_recorded"]) == (1, 0)
    assert {**again, "rejections_recorded": 1} == first
    assert marts_fingerprint(cfg.published_db) == marts_before
    assert query(cfg.published_db, "SELECT * FROM audit.rejected_inputs ORDER BY ALL") == rejected_before
    assert working_state(cfg) == state_before
    audit_after = query(cfg.published_db, AUDIT)
    # One row per gate of the run, replaced by the re-run (it did run again: later times), never added.
    assert [row[:4] for row in audit_after] == [row[:4] for row in audit_before] == [
        (BUILD_RUN, "marts", True, row[3]) for row in audit_before if row[0] == BUILD_RUN] + [
        (INGEST_RUN, "landing", True, row[3]) for row in audit_before if row[0] == INGEST_RUN]
    assert all(after[4] > before[4] for after, before in zip(audit_after, audit_before))
