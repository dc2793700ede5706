"""The real scheduler: `make airflow`'s launcher starts api-server, scheduler
(LocalExecutor), dag-processor and triggerer on loopback with SQLite metadata; a file
dropped into the landing folder is landed on the schedule, build_warehouse follows through
the Asset, both runs succeed (seen through the REST API, logged in with the simple auth
manager's generated password) and the published snapshot changes. Then everything stops
and no process of this Airflow is left."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from urllib.parse import quote

import duckdb
from airflow_harness import PROJECT_ROOT, processes_with_home, start_deployment, stop_deployment, wait_for

SAMPLE = PROJECT_ROOT / "sample" / "landing"
FIRST = "meridian_xi_astana_summit.txt"       # published before Airflow starts
DROPPED = "capital_dispatch_india_dialogue.txt"  # dropped while Airflow runs

SEED_WAREHOUSE = """
from diplomacy import pipeline
load = "seed_before_airflow"
pipeline.land(load_id=load)
pipeline.validate_landing(load_id=load)
pipeline.link_stories()
pipeline.extract()
pipeline.build_marts()
pipeline.validate_marts(run_id=load)
print(pipeline.publish())
"""


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def published_files(db) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {row[0] for row in con.execute("SELECT DISTINCT source_file FROM marts.dim_articles").fetchall()}
    finally:
        con.close()


def published_tables(db) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {f"{s}.{t}" for s, t in con.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall()}
    finally:
        con.close()


def test_a_dropped_file_is_landed_on_schedule_and_published(tmp_path, airflow_template):
    started = time.monotonic()
    landing, warehouse = tmp_path / "landing", tmp_path / "warehouse"
    landing.mkdir()
    shutil.copy2(SAMPLE / FIRST, landing / FIRST)
    # An existing deployment's state: FIRST landed and published (by the plain pipeline steps,
    # while Airflow starts with both DAGs paused, so nothing races the seeding).
    seeding = subprocess.Popen([sys.executable, "-c", SEED_WAREHOUSE], cwd=PROJECT_ROOT,
                               env={**os.environ, "DIPLOMACY_LANDING_DIR": str(landing),
                                    "DIPLOMACY_WAREHOUSE_DIR": str(warehouse)},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deployment = start_deployment(tmp_path, airflow_template, landing, warehouse, unpause=(),
                                  env_overrides={"DIPLOMACY_INGEST_SCHEDULE": "20s"})
    try:
        output, _ = seeding.communicate(timeout=300)
        assert seeding.returncode == 0, output[-4000:]
        published = warehouse / "diplomacy.duckdb"
        before = sha256(published)
        assert published_files(published) == {FIRST}

        client = deployment.client
        health = client.health()
        assert all(health[part]["status"] == "healthy"
                   for part in ("metadatabase", "scheduler", "triggerer", "dag_processor")), health
        assert deployment.runs("ingest_articles") == []

        shutil.copy2(SAMPLE / DROPPED, landing / DROPPED)
        for dag_id in ("ingest_articles", "build_warehouse"):  # what `make airflow` does at start
            client.unpause(dag_id)
        dags = {d["dag_id"]: d for d in client.get("/api/v2/dags")["dags"]}
        assert not dags["ingest_articles"]["is_paused"] and not dags["build_warehouse"]["is_paused"]

        build = deployment.wait_for_run("build_warehouse", timeout=420)
        assert build["state"] == "success", deployment.task_states("build_warehouse", build["dag_run_id"])

        # The build was triggered by the Asset event of an ingest run that landed the file.
        events = client.get(f"/api/v2/dags/build_warehouse/dagRuns/{quote(build['dag_run_id'], safe='')}"
                            "/upstreamAssetEvents")["asset_events"]
        assert [e["uri"] for e in events] == ["duckdb://working/raw/articles"]
        ingest_run = events[0]["source_run_id"]
        assert events[0]["source_dag_id"] == "ingest_articles"
        ingest = {run["dag_run_id"]: run for run in deployment.runs("ingest_articles")}[ingest_run]
        assert ingest["run_type"] == "scheduled" and ingest["state"] == "success"
        ingest_tasks = deployment.task_states("ingest_articles", ingest_run)
        assert {t: ti["state"] for t, ti in ingest_tasks.items()} == {
            "land": "success", "validate_landing": "success", "announce": "success"}
        build_tasks = deployment.task_states("build_warehouse", build["dag_run_id"])
        assert {ti["state"] for ti in build_tasks.values()} == {"success"}
        assert "dbt.int_event_mentions_clustered" in build_tasks  # the Python model, under Cosmos
        assert len([t for t in build_tasks if t.startswith("dbt.")]) >= 15

        # The published snapshot changed, atomically, and now holds the dropped file.
        assert sha256(published) != before
        assert published_files(published) == {FIRST, DROPPED}
        assert "audit.task_failures" in published_tables(published)
        # Later scheduled runs find nothing new: they skip announce and trigger no build.
        later = wait_for(lambda: [r for r in deployment.runs("ingest_articles") if r["state"] == "success"
                                  and r["end_date"] and r["end_date"] > build["end_date"]],
                         120, "an ingest run ending after the build", on_timeout=deployment.diagnostics)[0]
        assert deployment.task_states("ingest_articles", later["dag_run_id"])["announce"]["state"] == "skipped"
        assert len(deployment.runs("build_warehouse")) == 1
    finally:
        if seeding.poll() is None:
            seeding.kill()
        leftovers = stop_deployment(deployment)
    assert leftovers == [], f"processes left after shutdown: {leftovers}"
    assert processes_with_home(deployment.home) == []
    assert time.monotonic() - started < 1800  # bounded: the test stops by itself
