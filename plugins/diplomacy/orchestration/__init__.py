"""The thin Airflow layer: Assets, the writer pool, task defaults, and the
in-process runner behind `make run`. The only part of the package that
imports Airflow."""
