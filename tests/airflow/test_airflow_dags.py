"""The DAG files as Airflow parses them (in a fresh interpreter, like the dag-processor):
the dbt graph rendered one task per model and seed with dbt's dependencies, between
extract and the gates; every writer in the one-slot pool; retries with exponential
backoff, timeouts, the failure audit; the Assets lineage landing -> raw -> marts -> published."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]

DUMP = r"""
import json
from airflow.dag_processing.dagbag import DagBag
from diplomacy.orchestration.common import ingest_schedule
from diplomacy.orchestration.dbt_graph import ensure_manifest

bag = DagBag(dag_folder="dags")
out = {"import_errors": {k: str(v) for k, v in bag.import_errors.items()}, "dags": {},
       "manifest": str(ensure_manifest().manifest),
       "schedules": {v: str(ingest_schedule(v)) for v in ("", "*/5 * * * *", "30s", "2m", "none")}}
for dag_id in ("ingest_articles", "build_warehouse"):
    dag = bag.dags[dag_id]
    tasks = {}
    for t in dag.tasks:
        tasks[t.task_id] = {
            "type": type(t).__name__, "pool": t.pool, "retries": t.retries,
            "backoff": t.retry_exponential_backoff, "retry_delay": t.retry_delay.total_seconds(),
            "timeout": t.execution_timeout.total_seconds() if t.execution_timeout else None,
            "priority": t.priority_weight, "weight_rule": str(t.weight_rule),
            "on_failure": [f.__name__ for f in (t.on_failure_callback or [])],
            "on_retry": [f.__name__ for f in (t.on_retry_callback or [])],
            "upstream": sorted(t.upstream_task_ids), "downstream": sorted(t.downstream_task_ids),
            "inlets": [a.name for a in t.inlets], "outlets": [a.name for a in t.outlets],
            "invocation_mode": str(getattr(t, "invocation_mode", None)),
            "indirect_selection": getattr(t, "indirect_selection", None),
            "select": getattr(t, "select", None),
            "pre_execute": getattr(getattr(t, "_pre_execute_hook", None), "__name__", None),
        }
    out["dags"][dag_id] = {
        "tasks": tasks, "max_active_runs": dag.max_active_runs, "catchup": dag.catchup,
        "dagrun_timeout": dag.dagrun_timeout.total_seconds() if dag.dagrun_timeout else None,
        "schedule": [a.name for a in dag.schedule] if isinstance(dag.schedule, (list, tuple)) else str(dag.schedule),
    }
print("JSON" + json.dumps(out))
"""


@pytest.fixture(scope="module")
def parsed(tmp_path_factory) -> dict:
    home = tmp_path_factory.mktemp("airflow_home")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW__", "DIPLOMACY_"))}
    env.update({"AIRFLOW_HOME": str(home), "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
                "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_ROOT / "dags"),
                "DIPLOMACY_WAREHOUSE_DIR": str(home / "warehouse")})
    done = subprocess.run([sys.executable, "-c", DUMP], env=env, cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    line = next(l for l in done.stdout.splitlines() if l.startswith("JSON"))
    return json.loads(line[4:])


@pytest.fixture(scope="module")
def manifest(parsed) -> dict:
    return json.loads(Path(parsed["manifest"]).read_text())


def test_both_dags_import_without_errors(parsed):
    assert parsed["import_errors"] == {}
    assert set(parsed["dags"]) == {"ingest_articles", "build_warehouse"}


def test_one_task_per_dbt_model_and_seed_with_dbts_dependencies(parsed, manifest):
    tasks = parsed["dags"]["build_warehouse"]["tasks"]
    nodes = {k: n for k, n in manifest["nodes"].items() if n["resource_type"] in ("model", "seed")}

    def task_of(unique_id):
        node = nodes[unique_id]
        return f"dbt.{node['name']}" if node["resource_type"] == "model" else f"dbt.seed_{node['name']}"

    assert {t for t in tasks if t.startswith("dbt.")} == {task_of(u) for u in nodes}
    for unique_id, node in nodes.items():
        parents = {task_of(p) for p in node.get("depends_on", {}).get("nodes", []) if p in nodes}
        upstream = set(tasks[task_of(unique_id)]["upstream"])
        assert upstream == (parents or {"extract"}), unique_id
        assert tasks[task_of(unique_id)]["type"] in ("DbtBuildLocalOperator", "DbtSeedLocalOperator")
    assert "dbt.int_event_mentions_clustered" in tasks  # the Python model is a task like the others


def test_the_dbt_tasks_sit_between_extract_and_the_gates(parsed):
    tasks = parsed["dags"]["build_warehouse"]["tasks"]
    assert tasks["link_stories"]["downstream"] == ["extract"]
    dbt_tasks = {t for t in tasks if t.startswith("dbt.")}
    leaves = {t for t in dbt_tasks if not set(tasks[t]["downstream"]) & dbt_tasks}
    assert set(tasks["cross_model_tests"]["upstream"]) == leaves
    assert tasks["cross_model_tests"]["downstream"] == ["validate_marts"]
    assert tasks["validate_marts"]["downstream"] == ["publish"]
    assert tasks["publish"]["downstream"] == ["dbt_docs"]
    assert tasks["dbt_docs"]["downstream"] == []


def test_dbt_tasks_run_in_process_with_their_tests_and_the_writer_lock(parsed, manifest):
    tasks = parsed["dags"]["build_warehouse"]["tasks"]
    model = tasks["dbt.int_events"]
    assert model["invocation_mode"] == "InvocationMode.DBT_RUNNER"
    assert model["indirect_selection"] == "cautious"  # tests on this model only
    assert model["pre_execute"] == "acquire_task_lock"
    cross = tasks["cross_model_tests"]
    multi_parent = {n["name"] for n in manifest["nodes"].values()
                    if n["resource_type"] == "test" and len(n["depends_on"]["nodes"]) > 1}
    assert multi_parent and set(cross["select"]) == multi_parent
    assert cross["pre_execute"] == "acquire_task_lock"


def test_one_writer_retries_with_backoff_timeouts_and_the_failure_audit(parsed):
    for dag_id, dag in parsed["dags"].items():
        assert dag["max_active_runs"] == 1 and dag["catchup"] is False and dag["dagrun_timeout"]
        for task_id, task in dag["tasks"].items():
            assert task["pool"] == ("default_pool" if task_id == "announce" else "duckdb_writer"), task_id
            gate = task_id in ("validate_landing", "validate_marts")
            assert task["retries"] == (0 if gate else 2), task_id
            assert task["backoff"] == 2.0 and task["retry_delay"] == 30, task_id
            assert task["timeout"] and task["timeout"] <= 3600, task_id
            assert task["on_failure"] == ["record_failure"] and task["on_retry"] == ["record_retry"], task_id
            assert task["weight_rule"] == "absolute"
    build = {t["priority"] for t in parsed["dags"]["build_warehouse"]["tasks"].values()}
    ingest = {t["priority"] for t in parsed["dags"]["ingest_articles"]["tasks"].values()}
    assert min(build) > max(ingest)  # a waiting build task gets the writer slot first


def test_assets_lineage_landing_raw_marts_published(parsed):
    ingest = parsed["dags"]["ingest_articles"]["tasks"]
    build = parsed["dags"]["build_warehouse"]
    assert ingest["land"]["inlets"] == ["landing_files"]
    assert ingest["announce"]["outlets"] == ["raw_articles"]
    assert build["schedule"] == ["raw_articles"]
    assert build["tasks"]["cross_model_tests"]["outlets"] == ["marts"]
    assert build["tasks"]["publish"]["inlets"] == ["marts"]
    assert build["tasks"]["publish"]["outlets"] == ["published_warehouse"]


def test_ingest_schedule_from_the_environment(parsed):
    assert parsed["schedules"] == {"": "*/15 * * * *", "*/5 * * * *": "*/5 * * * *", "30s": "0:00:30",
                                   "2m": "0:02:00", "none": "None"}
    assert parsed["dags"]["ingest_articles"]["schedule"] == "*/15 * * * *"
