"""Run both DAGs once, in this process, through Airflow itself (`dag.test()`):
the embedded default behind `make run`, `make eval` and the end-to-end tests.
The scheduler runs the same DAG files on their schedules (`make airflow`)."""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from diplomacy.config import PROJECT_ROOT, apply_offline_env

DAGS_FOLDER = PROJECT_ROOT / "dags"
DAG_IDS = ("ingest_articles", "build_warehouse")
log = logging.getLogger(__name__)


@dataclass
class DagOutcome:
    dag_id: str
    run_id: str
    state: str
    failed_tasks: list[str]


def prepare_environment(landing: Path, warehouse: Path) -> None:
    """Point the pipeline and Airflow at their folders. Must run before Airflow
    is imported: Airflow reads its configuration once, at import."""
    apply_offline_env()
    os.environ["DIPLOMACY_LANDING_DIR"] = str(Path(landing).resolve())
    os.environ["DIPLOMACY_WAREHOUSE_DIR"] = str(Path(warehouse).resolve())
    os.environ.setdefault("AIRFLOW_HOME", str(PROJECT_ROOT / ".airflow"))
    os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAGS_FOLDER)
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    # Cosmos keeps dbt's partial-parse state between tasks here, one per warehouse.
    os.environ.setdefault("AIRFLOW__COSMOS__CACHE_DIR", str(Path(warehouse).resolve() / "_work" / "cosmos"))


def run_dags(logical_date: datetime | None = None) -> list[DagOutcome]:
    """Run ingest_articles, then build_warehouse (the Asset that links them
    is not followed by dag.test(), so the runner calls them in order).
    build_warehouse runs even when nothing new landed: a rebuild is idempotent."""
    from airflow.dag_processing.dagbag import DagBag

    from diplomacy.orchestration.dbt_graph import ensure_manifest

    ensure_manifest()  # the dbt graph build_warehouse renders (dbt parse only when dbt_project/ changed)
    bag = DagBag(dag_folder=str(DAGS_FOLDER))
    if bag.import_errors:
        raise RuntimeError(f"DAG import errors: {bag.import_errors}")
    logical_date = logical_date or datetime.now(timezone.utc)
    outcomes = []
    for dag_id in DAG_IDS:
        dag = bag.get_dag(dag_id)
        run = dag.test(logical_date=logical_date)
        failed = [ti.task_id for ti in run.get_task_instances() if ti.state == "failed"]
        outcomes.append(DagOutcome(dag_id, run.run_id, str(run.state), failed))
        log.info("%s %s: %s", dag_id, run.run_id, run.state)
        if failed:
            break
    return outcomes
