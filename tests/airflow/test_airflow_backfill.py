"""A backfill of ingest_articles over three logical dates (created with `airflow backfill
create`, run by the real scheduler) lands each file once, whatever the order its runs
take the writer slot in; backfilling the same dates again (reprocessing completed runs)
lands nothing more."""
from __future__ import annotations

import shutil

from airflow_harness import (PROJECT_ROOT, processes_with_home, query_working_db, start_deployment,
                             stop_deployment, wait_for)

FILES = ("meridian_xi_astana_summit.txt", "capital_dispatch_india_dialogue.txt", "wire_export.jsonl")
DATES = ("2025-06-01", "2025-06-03")  # @daily: logical dates 06-01, 06-02, 06-03


def backfills(deployment) -> list[dict]:
    return deployment.client.get("/api/v2/backfills?dag_id=ingest_articles&limit=100")["backfills"]


def backfill_runs(deployment) -> list[dict]:
    return [run for run in deployment.runs("ingest_articles") if run["run_type"] == "backfill"]


def test_c_a_backfill_over_three_dates_lands_each_file_once(tmp_path, airflow_template):
    landing, warehouse = tmp_path / "landing", tmp_path / "warehouse"
    landing.mkdir()
    deployment = start_deployment(tmp_path, airflow_template, landing, warehouse, unpause=("ingest_articles",),
                                  env_overrides={"DIPLOMACY_INGEST_SCHEDULE": "@daily"})
    try:
        # Un-pausing creates one scheduled run (latest interval, catchup off): it finds nothing.
        scheduled = deployment.wait_for_run("ingest_articles", timeout=360)
        assert scheduled["state"] == "success" and scheduled["run_type"] == "scheduled"
        for name in FILES:
            shutil.copy2(PROJECT_ROOT / "sample" / "landing" / name, landing / name)

        def backfill(*extra: str) -> None:
            # The scheduler marks a backfill complete up to 30 s after its last run ends; until
            # then Airflow refuses a second one for the DAG (AlreadyRunningBackfill): wait.
            # An attempt can create the backfill and still fail ("database is locked" on a
            # later write, then the retry meets its own backfill): the REST list decides.
            before = len(backfills(deployment))
            last_output = []

            def created():
                if len(backfills(deployment)) > before:
                    return True
                done = deployment.airflow_cli("backfill", "create", "--dag-id", "ingest_articles",
                                              "--from-date", DATES[0], "--to-date", DATES[1],
                                              "--max-active-runs", "3", *extra)
                last_output[:] = [done.stdout[-1500:] + done.stderr[-1500:]]
                if "AlreadyRunningBackfill" in done.stdout + done.stderr:
                    return None
                assert done.returncode == 0, last_output[0]
                return True
            wait_for(created, 360, "Airflow to accept the backfill", interval=5,
                     on_timeout=lambda: f"backfills: {backfills(deployment)}\nlast CLI output: {last_output}\n"
                                        + deployment.diagnostics())

        def finished(count: int):
            runs = backfill_runs(deployment)
            return len(runs) == count and all(r["state"] in ("success", "failed") for r in runs) and runs

        backfill()
        runs = wait_for(lambda: finished(3), 600, "three backfill runs", on_timeout=deployment.diagnostics)
        assert sorted(r["logical_date"][:10] for r in runs) == ["2025-06-01", "2025-06-02", "2025-06-03"]
        assert {r["state"] for r in runs} == {"success"}

        loads = query_working_db(deployment, """
            SELECT load_id, articles_landed FROM raw.loads WHERE load_id LIKE 'backfill%' ORDER BY load_id""")
        assert len(loads) == 3
        per_file = query_working_db(deployment, """
            SELECT source_file, count(*) FROM raw.article_sources GROUP BY 1 ORDER BY 1""")
        articles = query_working_db(deployment, "SELECT count(*), count(DISTINCT content_hash) FROM raw.articles")
        assert {f for f, _ in per_file} == set(FILES)
        assert articles[0][0] == articles[0][1] == sum(landed for _, landed in loads)
        # Exactly one backfill run found the files new; the two others landed nothing.
        assert sorted(landed > 0 for _, landed in loads) == [False, False, True]
        announced = [deployment.task_states("ingest_articles", r["dag_run_id"])["announce"]["state"] for r in runs]
        assert sorted(announced) == ["skipped", "skipped", "success"]

        # The same dates again, re-running completed runs: nothing is landed twice.
        before = (per_file, articles)
        backfill("--reprocess-behavior", "completed")
        rerun = wait_for(lambda: _rerun(deployment, runs), 600, "the second backfill",
                         on_timeout=deployment.diagnostics)
        assert sorted(r["logical_date"][:10] for r in rerun) == ["2025-06-01", "2025-06-02", "2025-06-03"]
        assert {r["state"] for r in rerun} == {"success"}
        after = (query_working_db(deployment, "SELECT source_file, count(*) FROM raw.article_sources "
                                              "GROUP BY 1 ORDER BY 1"),
                 query_working_db(deployment, "SELECT count(*), count(DISTINCT content_hash) FROM raw.articles"))
        assert after == before
        again = query_working_db(deployment, "SELECT count(*), sum(articles_landed) FROM raw.loads "
                                             "WHERE load_id LIKE 'backfill%'")
        assert again[0][1] == sum(landed for _, landed in loads)
    finally:
        leftovers = stop_deployment(deployment)
    assert leftovers == [], f"processes left after shutdown: {leftovers}"
    assert processes_with_home(deployment.home) == []


def _rerun(deployment, first_runs) -> list[dict] | None:
    """The backfill runs that ended after the first backfill, once all three have."""
    latest_first = max(r["end_date"] for r in first_runs)
    runs = backfill_runs(deployment)
    newer = [r for r in runs if r["end_date"] and r["end_date"] > latest_first]
    done = all(r["state"] in ("success", "failed") for r in runs)
    return newer if done and len(newer) >= 3 else None
