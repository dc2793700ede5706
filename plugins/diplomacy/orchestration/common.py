"""What both DAGs share: the Assets that connect them, the one-slot pool that
serialises writers of the DuckDB working file, and task defaults (retries with
backoff, timeouts, priorities, the failure audit). docs/operations.md explains
each choice."""
from __future__ import annotations

import os
import re
from datetime import timedelta

from airflow.sdk import Asset

from diplomacy.orchestration.callbacks import record_failure, record_retry

# Lineage, as the Airflow UI's Assets graph shows it:
#   landing_files ─(ingest_articles.land)─► raw_articles ─(schedules build_warehouse)
#   ─► marts (validated, in the working DB) ─(publish)─► published_warehouse
# landing_files is produced outside Airflow (people, scrapers): it is an inlet only.
LANDING_FILES = Asset(name="landing_files", uri="file://landing/articles")
RAW_ARTICLES = Asset(name="raw_articles", uri="duckdb://working/raw/articles")
MARTS = Asset(name="marts", uri="duckdb://working/marts")
PUBLISHED_WAREHOUSE = Asset(name="published_warehouse", uri="duckdb://published/diplomacy")

# DuckDB allows one writing process per file: every task that writes the
# working database takes the single slot of this pool.
WRITER_POOL = "duckdb_writer"

INGEST_SCHEDULE_DEFAULT = "*/15 * * * *"
_INTERVAL = re.compile(r"^\s*(\d+)\s*([smh])\s*$")


def ingest_schedule(value: str | None = None):
    """DIPLOMACY_INGEST_SCHEDULE: a cron expression or preset (default every 15 min),
    or an interval such as `30s`, `5m`, `1h` (tests use seconds). `none`: manual only."""
    value = (value if value is not None else os.environ.get("DIPLOMACY_INGEST_SCHEDULE", "")).strip()
    if not value:
        return INGEST_SCHEDULE_DEFAULT
    if value.lower() in ("none", "manual"):
        return None
    match = _INTERVAL.match(value)
    if match:
        amount, unit = int(match[1]), match[2]
        return timedelta(**{{"s": "seconds", "m": "minutes", "h": "hours"}[unit]: amount})
    return value


INGEST_SCHEDULE = ingest_schedule()


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


# Retries with exponential backoff for transient faults (the writer lock held by a
# process outside Airflow, a full disk freed a minute later, a killed worker):
# 30 s, 60 s, ... capped at 10 min. Gates set retries=0: a failed gate is a verdict.
RETRIES = _env_int("DIPLOMACY_TASK_RETRIES", 2)
RETRY_DELAY = timedelta(seconds=_env_int("DIPLOMACY_RETRY_DELAY_SECONDS", 30))
MAX_RETRY_DELAY = timedelta(minutes=10)

# Task-level timeouts (execution_timeout): generous against the measured costs
# (STACK_NOTES, docs/scaling.md), short enough that a hung task frees the single
# writer slot the same hour.
TIMEOUTS = {
    "land": timedelta(minutes=30),
    "gate": timedelta(minutes=20),
    "link_stories": timedelta(minutes=20),
    "extract": timedelta(minutes=60),
    "dbt_model": timedelta(minutes=20),
    "publish": timedelta(minutes=15),
    "default": timedelta(minutes=30),
}
# A whole run may not exceed this (it would block the next one: max_active_runs=1).
INGEST_RUN_TIMEOUT = timedelta(hours=2)
BUILD_RUN_TIMEOUT = timedelta(hours=4)

# When both DAGs wait for the one writer slot, the build goes first: a landing
# between two dbt models would make the marts of one run read two states of raw.
INGEST_PRIORITY = 1
BUILD_PRIORITY = 10


def default_args(priority: int) -> dict:
    return {
        "owner": "data-platform",
        "pool": WRITER_POOL,
        "pool_slots": 1,
        "retries": RETRIES,
        "retry_delay": RETRY_DELAY,
        "retry_exponential_backoff": 2.0,
        "max_retry_delay": MAX_RETRY_DELAY,
        "execution_timeout": TIMEOUTS["default"],
        "priority_weight": priority,
        "weight_rule": "absolute",
        "on_failure_callback": [record_failure],
        "on_retry_callback": [record_retry],
    }


INGEST_DEFAULT_ARGS = default_args(INGEST_PRIORITY)
BUILD_DEFAULT_ARGS = default_args(BUILD_PRIORITY)


def run_id_of(context) -> str:
    from diplomacy.pipeline import safe_id

    return safe_id(context["run_id"])
