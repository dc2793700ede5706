"""Fixtures of the fault tests: a migrated Airflow home for the tests that run
the DAGs, and the helpers of the e2e and quality tests on the import path."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
for helpers in (TESTS / "e2e", TESTS / "quality"):  # e2e_helpers, contract_db
    if str(helpers) not in sys.path:
        sys.path.insert(0, str(helpers))


@pytest.fixture(scope="session")
def faults_airflow_env(tmp_path_factory) -> dict[str, str]:
    """Like tests/e2e's airflow_env: a fresh, migrated SQLite Airflow home."""
    home = tmp_path_factory.mktemp("faults_airflow_home")
    env = {
        **os.environ,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(TESTS.parent / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "False",
        "PYTHONUNBUFFERED": "1",
    }
    airflow = Path(sys.executable).with_name("airflow")
    done = subprocess.run([str(airflow), "db", "migrate"], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return env
