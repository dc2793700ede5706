"""Turn new raw articles into the validated, published warehouse.

raw_articles ─► link_stories ─► extract ─► dbt (one task per model + its tests)
             ─► cross_model_tests ─► validate_marts ─► publish ─► dbt_docs

Scheduled on the Asset raw_articles (emitted by ingest_articles when a load landed
new articles). The dbt graph is rendered by astronomer-cosmos from a manifest made
by `dbt parse` (diplomacy.orchestration.dbt_graph): a failing model fails its own
task and its dependants only; clear it after the fix and the rest is not re-run.
Operations: docs/operations.md."""
from datetime import datetime

from airflow.sdk import dag, get_current_context, task

from diplomacy import pipeline
from diplomacy.orchestration.callbacks import prepare_audit
from diplomacy.orchestration.common import (BUILD_DEFAULT_ARGS, BUILD_RUN_TIMEOUT, MARTS, PUBLISHED_WAREHOUSE,
                                            RAW_ARTICLES, TIMEOUTS, run_id_of)
from diplomacy.orchestration.dbt_graph import dbt_task_group


@dag(schedule=[RAW_ARTICLES], start_date=datetime(2025, 1, 1), catchup=False, max_active_runs=1,
     dagrun_timeout=BUILD_RUN_TIMEOUT, default_args=BUILD_DEFAULT_ARGS, tags=["diplomacy", "warehouse"],
     doc_md=__doc__)
def build_warehouse():
    @task(execution_timeout=TIMEOUTS["link_stories"])
    def link_stories() -> dict:
        return pipeline.link_stories()

    @task(execution_timeout=TIMEOUTS["extract"])
    def extract() -> dict:
        return pipeline.extract()

    @task(retries=0, execution_timeout=TIMEOUTS["gate"])  # a failed gate is a verdict, not a transient fault
    def validate_marts() -> dict:
        return pipeline.validate_marts(run_id=run_id_of(get_current_context()))

    @task(inlets=[MARTS], outlets=[PUBLISHED_WAREHOUSE], execution_timeout=TIMEOUTS["publish"])
    def publish() -> dict:
        prepare_audit()  # audit.task_failures exists and holds spooled failures before audit.* is copied
        return pipeline.publish()

    @task(execution_timeout=TIMEOUTS["publish"])  # never raises: a docs failure is reported, the publish stands
    def dbt_docs(published: dict) -> dict:
        return pipeline.publish_docs(published=published)

    dbt, dbt_tests = dbt_task_group(group_id="dbt", outlets=[MARTS])
    link_stories() >> extract() >> dbt
    published = publish()
    dbt_tests >> validate_marts() >> published
    dbt_docs(published)


build_warehouse()
