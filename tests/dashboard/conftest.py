"""Dashboard and example-query fixtures: a sample warehouse built once per
session through Airflow, exactly as `make run` does (the pattern of
tests/e2e/conftest.py), and an empty one with the same tables.

Developer shortcut: DIPLOMACY_DASHBOARD_SAMPLE=/path/to/warehouse reuses a
warehouse you already built (`make run WAREHOUSE=/tmp/wh`) instead of building
one (≈ 75 s). CI never sets it."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# The dashboard package lives at the project root (it is not installed).
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

REUSE_ENV = "DIPLOMACY_DASHBOARD_SAMPLE"

from dashboard_testlib import make_empty_warehouse  # noqa: E402


@pytest.fixture(scope="session")
def airflow_env(tmp_path_factory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("dashboard_airflow_home")
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


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory, request) -> Path:
    """The published snapshot of the bundled sample: WAREHOUSE/diplomacy.duckdb."""
    reuse = os.environ.get(REUSE_ENV)
    if reuse:
        path = Path(reuse) / "diplomacy.duckdb" if Path(reuse).is_dir() else Path(reuse)
        assert path.is_file(), f"{REUSE_ENV}={reuse} holds no diplomacy.duckdb"
        return path
    env = request.getfixturevalue("airflow_env")
    root = tmp_path_factory.mktemp("dashboard_sample")
    landing = root / "landing"
    landing.mkdir()
    for item in (PROJECT_ROOT / "sample" / "landing").iterdir():
        if item.is_file():
            shutil.copy2(item, landing / item.name)
    warehouse = root / "warehouse"
    done = subprocess.run(
        [sys.executable, "-m", "diplomacy", "run", "--landing", str(landing), "--warehouse", str(warehouse)],
        env=env, capture_output=True, text=True, timeout=900, cwd=PROJECT_ROOT,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    published = warehouse / "diplomacy.duckdb"
    assert published.is_file()
    return published


@pytest.fixture(scope="session")
def empty_warehouse(sample_warehouse, tmp_path_factory) -> Path:
    return make_empty_warehouse(sample_warehouse, tmp_path_factory.mktemp("dashboard_empty"))
