"""Turn new raw articles into the validated, published warehouse.

raw_articles ─► link_stories ─► extract ─► dbt_build ─► validate_marts ─► publish"""
from datetime import datetime

from airflow.sdk import dag, get_current_context, task

from diplomacy import pipeline
from diplomacy.orchestration.common import DEFAULT_ARGS, MARTS, PUBLISHED_WAREHOUSE, RAW_ARTICLES, run_id_of


@dag(schedule=[RAW_ARTICLES], start_date=datetime(2025, 1, 1), catchup=False, max_active_runs=1,
     default_args=DEFAULT_ARGS, tags=["diplomacy", "warehouse"], doc_md=__doc__)
def build_warehouse():
    @task
    def link_stories() -> dict:
        return pipeline.link_stories()

    @task
    def extract() -> dict:
        return pipeline.extract()

    @task(outlets=[MARTS])
    def dbt_build() -> dict:
        return pipeline.build_marts()

    @task(retries=0)  # a failed gate is a verdict, not a transient fault
    def validate_marts() -> dict:
        return pipeline.validate_marts(run_id=run_id_of(get_current_context()))

    @task(outlets=[PUBLISHED_WAREHOUSE])
    def publish() -> dict:
        return pipeline.publish()

    link_stories() >> extract() >> dbt_build() >> validate_marts() >> publish()


build_warehouse()
