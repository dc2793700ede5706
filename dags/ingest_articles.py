"""Land new article files into raw.articles, gate the batch, announce it.

landing folder ─► land ─► validate_landing ─► announce (Asset raw_articles)

Runs on DIPLOMACY_INGEST_SCHEDULE (default every 15 minutes). Every run reads the
whole landing folder and lands only texts not landed before (content hash), so a
catch-up or a backfill over any date range lands each file once; runs that find
nothing new skip `announce` and so do not trigger build_warehouse.
Operations: docs/operations.md."""
import os
from datetime import datetime

from airflow.sdk import dag, get_current_context, task
from airflow.sdk.exceptions import AirflowSkipException

from diplomacy import pipeline
from diplomacy.orchestration.common import (INGEST_DEFAULT_ARGS, INGEST_RUN_TIMEOUT, INGEST_SCHEDULE,
                                            LANDING_FILES, RAW_ARTICLES, TIMEOUTS, run_id_of)


@dag(schedule=INGEST_SCHEDULE, start_date=datetime(2025, 1, 1),
     catchup=os.environ.get("DIPLOMACY_INGEST_CATCHUP", "false").lower() == "true",
     max_active_runs=1, dagrun_timeout=INGEST_RUN_TIMEOUT,
     default_args=INGEST_DEFAULT_ARGS, tags=["diplomacy", "landing"], doc_md=__doc__)
def ingest_articles():
    @task(inlets=[LANDING_FILES], execution_timeout=TIMEOUTS["land"])
    def land() -> dict:
        return pipeline.land(load_id=run_id_of(get_current_context()))

    @task(retries=0, execution_timeout=TIMEOUTS["gate"])  # a failed gate is a verdict, not a transient fault
    def validate_landing(landed: dict) -> dict:
        return {**landed, "gate": pipeline.validate_landing(load_id=run_id_of(get_current_context()))}

    @task(outlets=[RAW_ARTICLES], pool="default_pool")  # writes nothing: no need for the writer slot
    def announce(batch: dict) -> dict:
        if not batch["articles_landed"]:
            raise AirflowSkipException("no new articles in the landing folder")
        return batch

    announce(validate_landing(land()))


ingest_articles()
