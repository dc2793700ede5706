"""The working database's writer lock (diplomacy.warehouse.db.writer_lock) around
tasks that open the file themselves: the Cosmos dbt tasks.

The pipeline steps take the lock inside their own code. A Cosmos task runs dbt,
which opens the DuckDB file on its own, so the lock is taken by the task's
`pre_execute` hook and released by `post_execute` (success) or by the failure /
retry callback (diplomacy.orchestration.callbacks). Under the scheduler every task
is its own process and the kernel drops the lock when it exits in any case; under
`dag.test()` (`make run`) all tasks share one process, which is why the release
on failure matters there.

The pool `duckdb_writer` (one slot) orders Airflow's own writers; the lock also
keeps out what the pool cannot see: a `make run` or CLI on the same warehouse
while the scheduler runs, or a second `make run`."""
from __future__ import annotations

import gc
import logging
from contextlib import ExitStack

log = logging.getLogger(__name__)

_held: dict[tuple, ExitStack] = {}


def _key(context) -> tuple:
    ti = context["ti"]
    return (ti.dag_id, ti.run_id, ti.task_id, getattr(ti, "map_index", -1))


def acquire_task_lock(context) -> None:
    from diplomacy.config import settings
    from diplomacy.warehouse.db import writer_lock

    # Cosmos runs gc.collect() after every in-process dbt call; in a process that
    # already holds Airflow, GX and pandas (dag.test) a full collection costs ~1 s.
    # Objects alive now are moved out of the collector's way (gc.freeze); only what
    # the dbt call allocates is scanned; post_execute (or the failure callback) unfreezes.
    gc.freeze()
    key = _key(context)
    if key in _held:
        return
    stack = ExitStack()
    stack.enter_context(writer_lock(settings().working_db, purpose=f"dbt task {key[2]} ({key[1]})"))
    _held[key] = stack


def release_task_lock(context, result=None) -> None:
    gc.unfreeze()  # back to normal collection (frozen objects would never be freed)
    stack = _held.pop(_key(context), None)
    if stack is not None:
        stack.close()
