"""The thin Airflow layer (docs/operations.md):

common     the Assets that connect the DAGs, the one-slot writer pool, task defaults
dbt_graph  the dbt project rendered as one task per model (astronomer-cosmos, from a
           manifest made by `dbt parse` when dbt_project/ changes)
callbacks  failed tries -> audit.task_failures
locking    the writer lock around the dbt tasks
runner     both DAGs once in this process (`dag.test()`): `make run`, `make eval`
local      the real services on loopback: `make airflow`

The only part of the package that imports Airflow or Cosmos."""
