"""What both DAGs share: the Assets that connect them, the one-slot pool that
serialises writers of the DuckDB working file, and task defaults."""
from __future__ import annotations

import os
from datetime import timedelta

from airflow.sdk import Asset

# Lineage: landing folder -> raw.articles -> marts -> published snapshot.
RAW_ARTICLES = Asset(name="raw_articles", uri="duckdb://working/raw/articles")
MARTS = Asset(name="marts", uri="duckdb://working/marts")
PUBLISHED_WAREHOUSE = Asset(name="published_warehouse", uri="duckdb://published/diplomacy")

# DuckDB allows one writing process per file: every task that writes the
# working database takes the single slot of this pool.
WRITER_POOL = "duckdb_writer"

INGEST_SCHEDULE = os.environ.get("DIPLOMACY_INGEST_SCHEDULE", "*/15 * * * *")

DEFAULT_ARGS = {
    "owner": "data-platform",
    "pool": WRITER_POOL,
    "retries": 2,
    "retry_delay": timedelta(seconds=30),
    "retry_exponential_backoff": True,
    "execution_timeout": timedelta(minutes=30),
}


def run_id_of(context) -> str:
    from diplomacy.pipeline import safe_id

    return safe_id(context["run_id"])
