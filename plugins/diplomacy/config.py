"""Where things live. Every path comes from the environment so the same code
runs under `make run`, the tests, the Airflow scheduler and docker-compose."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Nothing in a run may reach the network: telemetry off everywhere.
OFFLINE_ENV = {
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "AIRFLOW__COSMOS__ENABLE_TELEMETRY": "False",
    "DO_NOT_TRACK": "1",
    "SCARF_ANALYTICS": "false",
    "GX_ANALYTICS_ENABLED": "False",
}


def apply_offline_env() -> None:
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)


@dataclass(frozen=True)
class Settings:
    landing_dir: Path
    warehouse_dir: Path

    @property
    def published_db(self) -> Path:
        """The read-only snapshot BI tools open (the data contract)."""
        return self.warehouse_dir / "diplomacy.duckdb"

    @property
    def work_dir(self) -> Path:
        return self.warehouse_dir / "_work"

    @property
    def working_db(self) -> Path:
        """The single-writer database every pipeline task builds into."""
        return self.work_dir / "working.duckdb"

    @property
    def data_docs_dir(self) -> Path:
        return self.warehouse_dir / "data_docs"

    @property
    def dbt_docs_dir(self) -> Path:
        """The dbt docs site of the published marts (descriptions, columns, tests, lineage)."""
        return self.warehouse_dir / "dbt_docs"

    @property
    def failed_loads_dir(self) -> Path:
        """Working databases of loads that failed a gate, kept for inspection."""
        return self.work_dir / "failed"


def settings() -> Settings:
    """Read the settings from the environment at call time (tests change it)."""
    landing = os.environ.get("DIPLOMACY_LANDING_DIR") or PROJECT_ROOT / "sample" / "landing"
    warehouse = os.environ.get("DIPLOMACY_WAREHOUSE_DIR") or PROJECT_ROOT / "warehouse"
    return Settings(landing_dir=Path(landing).resolve(), warehouse_dir=Path(warehouse).resolve())
