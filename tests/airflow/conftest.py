"""Fixtures of the Airflow deployment tests: one migrated SQLite metadata DB per
session, copied into each test's own AIRFLOW_HOME."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))


@pytest.fixture(scope="session")
def airflow_template(tmp_path_factory) -> Path:
    """An AIRFLOW_HOME with a migrated metadata DB and airflow.cfg (secrets generated once)."""
    home = tmp_path_factory.mktemp("airflow_template")
    env = {key: value for key, value in os.environ.items() if not key.startswith("AIRFLOW__")}
    env.update({"AIRFLOW_HOME": str(home), "AIRFLOW__CORE__LOAD_EXAMPLES": "False"})
    done = subprocess.run([str(Path(sys.executable).with_name("airflow")), "db", "migrate"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return home
