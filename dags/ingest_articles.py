"""Land new article files into raw.articles, gate the batch, announce it.

landing folder ─► land ─► validate_landing ─► announce (Asset raw_articles)"""
from datetime import datetime

from airflow.sdk import dag, get_current_context, task
from airflow.sdk.exceptions import AirflowSkipException

from diplomacy import pipeline
from diplomacy.orchestration.common import DEFAULT_ARGS, INGEST_SCHEDULE, RAW_ARTICLES, run_id_of


@dag(schedule=INGEST_SCHEDULE, start_date=datetime(2025, 1, 1), catchup=False, max_active_runs=1,
     default_args=DEFAULT_ARGS, tags=["diplomacy", "landing"], doc_md=__doc__)
def ingest_articles():
    @task
    def land() -> dict:
        return pipeline.land(load_id=run_id_of(get_current_context()))

    @task(retries=0)  # a failed gate is a verdict, not a transient fault
    def validate_landing(landed: dict) -> dict:
        return {**landed, "gate": pipeline.validate_landing(load_id=run_id_of(get_current_context()))}

    @task(outlets=[RAW_ARTICLES])
    def announce(batch: dict) -> dict:
        if not batch["articles_landed"]:
            raise AirflowSkipException("no new articles in the landing folder")
        return batch

    announce(validate_landing(land()))


ingest_articles()
