"""End-to-end fixtures: a migrated Airflow home (SQLite) for the session, and
a runner that executes both DAGs through Airflow (`dag.test()`) in a separate
process, exactly as `make run` does."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def airflow_env(tmp_path_factory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("airflow_home")
    env = {
        **os.environ,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "False",
    }
    airflow = Path(sys.executable).with_name("airflow")
    done = subprocess.run([str(airflow), "db", "migrate"], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return env


@pytest.fixture
def run_pipeline(airflow_env):
    """run_pipeline(landing, warehouse) -> CompletedProcess of `python -m diplomacy run`."""
    def _run(landing: Path, warehouse: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "diplomacy", "run", "--landing", str(landing), "--warehouse", str(warehouse)],
            env=airflow_env, capture_output=True, text=True, timeout=900, cwd=PROJECT_ROOT,
        )
    return _run
