"""One Airflow task per dbt model: a model that fails fails its own task, its dependants are
marked upstream_failed and everything else in the run succeeds; the failure is written to
audit.task_failures; after the fix, clearing the failed task (what "Clear" in the UI does)
re-runs it and its dependants only, and the run succeeds and publishes.

The dbt project is a copy (DIPLOMACY_DBT_PROJECT_DIR) so the repository's models stay
untouched; `../plugins` beside it resolves its seed path as in the real layout."""
from __future__ import annotations

import shutil
from urllib.parse import quote

import duckdb
from airflow_harness import (PROJECT_ROOT, processes_with_home, query_working_db, start_deployment,
                             stop_deployment)

BROKEN_MODEL = "int_events"
BROKEN_TASK = f"dbt.{BROKEN_MODEL}"


def copy_dbt_project(root):
    project = root / "dbt_project"
    shutil.copytree(PROJECT_ROOT / "dbt_project", project, ignore=shutil.ignore_patterns("target", "logs"))
    (root / "plugins").symlink_to(PROJECT_ROOT / "plugins")
    return project


def downstream_of(tasks: dict[str, dict], task_id: str) -> set[str]:
    found, stack = set(), [task_id]
    while stack:
        for child in tasks[stack.pop()]["downstream_task_ids"]:
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def test_b_a_failing_model_fails_only_its_task_and_dependants_and_a_retry_after_the_fix_resumes(
        tmp_path, airflow_template):
    project = copy_dbt_project(tmp_path)
    model = project / "models" / "intermediate" / f"{BROKEN_MODEL}.sql"
    good_sql = model.read_text()
    # Same refs (same graph), but the SQL fails at run time.
    model.write_text(f"select * from (\n{good_sql}\n) as t where t.column_that_does_not_exist is null\n")
    landing = tmp_path / "landing"
    shutil.copytree(PROJECT_ROOT / "sample" / "landing", landing, ignore=shutil.ignore_patterns("gold.yaml", "*.md"))
    warehouse = tmp_path / "warehouse"

    deployment = start_deployment(tmp_path, airflow_template, landing, warehouse, env_overrides={
        "DIPLOMACY_DBT_PROJECT_DIR": str(project),
        "DIPLOMACY_INGEST_SCHEDULE": "1h",     # one scheduled run, now
        "DIPLOMACY_TASK_RETRIES": "0",          # fail at once (the default retries twice with backoff)
    })
    try:
        client = deployment.client
        failed_run = deployment.wait_for_run("build_warehouse", timeout=420)
        run_id = failed_run["dag_run_id"]
        assert failed_run["state"] == "failed"

        graph = {t["task_id"]: t for t in client.get("/api/v2/dags/build_warehouse/tasks")["tasks"]}
        dependants = downstream_of(graph, BROKEN_TASK)
        assert {"dbt.fct_diplomatic_events", "cross_model_tests", "validate_marts", "publish"} <= dependants
        first = deployment.task_states("build_warehouse", run_id)
        states = {task: ti["state"] for task, ti in first.items()}
        assert states[BROKEN_TASK] == "failed"
        assert {states[t] for t in dependants} == {"upstream_failed"}
        independent = set(states) - dependants - {BROKEN_TASK}
        assert {"link_stories", "extract", "dbt.stg_articles", "dbt.int_event_mentions_clustered",
                "dbt.dim_countries"} <= independent
        assert {states[t] for t in independent} == {"success"}, states
        assert not deployment.published.exists()  # nothing published from a failed build

        # The failure callback wrote it down (the working DB; published with audit.* later).
        failures = query_working_db(deployment, """
            SELECT dag_id, run_id, task_id, try_number, outcome, exception_message
            FROM audit.task_failures""")
        assert [(f[0], f[1], f[2], f[4]) for f in failures] == [("build_warehouse", run_id, BROKEN_TASK, "failed")]
        assert "column_that_does_not_exist" in failures[0][5]

        # Fix the model, then clear the failed task and its dependants.
        model.write_text(good_sql)
        client.post("/api/v2/dags/build_warehouse/clearTaskInstances", {
            "dag_run_id": run_id, "task_ids": [BROKEN_TASK], "include_downstream": True,
            "include_upstream": False, "only_failed": False, "reset_dag_runs": True, "dry_run": False})
        rerun = deployment.wait_for_run(
            "build_warehouse", timeout=300, states={"success"}, where=lambda run: run["dag_run_id"] == run_id)
        assert rerun["state"] == "success"

        second = deployment.task_states("build_warehouse", run_id)
        assert {ti["state"] for ti in second.values()} == {"success"}
        for task in independent:  # not re-run: same try, same times
            assert (second[task]["try_number"], second[task]["end_date"]) == (
                first[task]["try_number"], first[task]["end_date"]), task
        for task in dependants | {BROKEN_TASK}:
            assert second[task]["try_number"] == first[task]["try_number"] + 1, task
        assert len(deployment.runs("build_warehouse")) == 1

        con = duckdb.connect(str(deployment.published), read_only=True)
        try:
            assert con.execute("SELECT count(*) FROM marts.fct_diplomatic_events").fetchone()[0] > 0
            published_failures = con.execute("SELECT task_id, outcome FROM audit.task_failures").fetchall()
        finally:
            con.close()
        assert published_failures == [(BROKEN_TASK, "failed")]
        log = client.get(f"/api/v2/dags/build_warehouse/dagRuns/{quote(run_id, safe='')}/taskInstances/"
                         f"{BROKEN_TASK}/logs/1?full_content=true")
        assert "column_that_does_not_exist" in str(log)  # the first try's log names the error
    finally:
        leftovers = stop_deployment(deployment)
    assert leftovers == [], f"processes left after shutdown: {leftovers}"
    assert processes_with_home(deployment.home) == []
