"""Task callbacks: every failed try of every task is written to `audit.task_failures`
in the working database, and published with the rest of `audit.*`.

    on_failure_callback=record_failure     # final failure (no retry left)
    on_retry_callback=record_retry         # a try failed, Airflow will retry it

Airflow runs these in the task's own process after it has reported the task's state,
so the pool slot may already be given to the next writer. The callback therefore
waits only briefly for the working database's writer lock; if another process holds
it (or the file cannot be opened), the row goes to a spool file beside the database
(`_work/task_failures.spool.jsonl`), and the next `publish` task merges the spool
into the table before it copies `audit.*`. A callback never raises: recording a
failure must not hide the failure itself (Airflow logs a callback's exception and
moves on anyway).

Rows are keyed by (dag_id, run_id, task_id, map_index, try_number): writing the same
try twice (spool merged after a direct write succeeded late) adds nothing.
"""
from __future__ import annotations

import json
import logging
import os
import socket
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# How long a callback waits for the writer lock before spooling the row instead.
CALLBACK_LOCK_TIMEOUT_SECONDS = 10.0
MESSAGE_LIMIT = 4000

TASK_FAILURES_DDL = [
    "CREATE SCHEMA IF NOT EXISTS audit",
    """
    CREATE TABLE IF NOT EXISTS audit.task_failures (
        dag_id              VARCHAR NOT NULL,
        run_id              VARCHAR NOT NULL,
        task_id             VARCHAR NOT NULL,
        map_index           INTEGER NOT NULL,
        try_number          INTEGER NOT NULL,
        max_tries           INTEGER,
        outcome             VARCHAR NOT NULL,   -- 'failed' (final) or 'up_for_retry'
        logical_date        TIMESTAMP,
        exception_type      VARCHAR,
        exception_message   VARCHAR,
        log_url             VARCHAR,
        hostname            VARCHAR,
        failed_at           TIMESTAMP NOT NULL
    )
    """,
]
COLUMNS = ("dag_id", "run_id", "task_id", "map_index", "try_number", "max_tries", "outcome", "logical_date",
           "exception_type", "exception_message", "log_url", "hostname", "failed_at")


def record_failure(context: dict) -> None:
    """on_failure_callback: the task failed for good."""
    _record(context, "failed")


def record_retry(context: dict) -> None:
    """on_retry_callback: a try failed and Airflow will try again after the backoff."""
    _record(context, "up_for_retry")


def _record(context: dict, outcome: str) -> None:
    try:
        from diplomacy.orchestration.locking import release_task_lock

        release_task_lock(context)  # a dbt task that failed still holds the writer lock
        row = failure_row(context, outcome)
        log.error("task %s.%s (run %s, try %s) %s: %s: %s", row["dag_id"], row["task_id"], row["run_id"],
                  row["try_number"], "will be retried" if outcome == "up_for_retry" else "FAILED",
                  row["exception_type"], (row["exception_message"] or "")[:500])
        write_failures([row])
    except Exception:  # never let the audit hide the failure
        log.exception("could not record the task failure in audit.task_failures")


def failure_row(context: dict, outcome: str) -> dict[str, Any]:
    ti = context.get("ti") or context.get("task_instance")
    error = context.get("exception")
    logical_date = context.get("logical_date")
    try:
        log_url = ti.log_url
    except Exception:
        log_url = None
    message = str(error) if error is not None else None
    if message and len(message) > MESSAGE_LIMIT:
        message = message[: MESSAGE_LIMIT - 3] + "..."
    map_index = getattr(ti, "map_index", -1)
    return {
        "dag_id": ti.dag_id,
        "run_id": ti.run_id,
        "task_id": ti.task_id,
        "map_index": -1 if map_index is None else int(map_index),
        "try_number": int(getattr(ti, "try_number", 0) or 0),
        "max_tries": getattr(ti, "max_tries", None),
        "outcome": outcome,
        "logical_date": _naive_utc(logical_date),
        "exception_type": type(error).__name__ if error is not None else None,
        "exception_message": message,
        "log_url": log_url,
        "hostname": socket.gethostname(),
        "failed_at": datetime.now(timezone.utc).replace(tzinfo=None).isoformat(),
    }


def _naive_utc(value) -> str | None:
    if value is None:
        return None
    if getattr(value, "tzinfo", None) is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.isoformat()


# ---- storage --------------------------------------------------------------------
def spool_path(working_db: Path) -> Path:
    return working_db.with_name("task_failures.spool.jsonl")


def write_failures(rows: list[dict], working_db: Path | None = None, lock_timeout: float | None = None) -> bool:
    """Insert the rows into audit.task_failures; spool them if the database is busy.
    Returns True when they reached the table."""
    from diplomacy.config import settings
    from diplomacy.warehouse.db import working_db as open_working_db

    working_db = working_db or settings().working_db
    lock_timeout = CALLBACK_LOCK_TIMEOUT_SECONDS if lock_timeout is None else lock_timeout
    try:
        with open_working_db(working_db, purpose="record task failure", timeout=lock_timeout) as con:
            _insert(con, rows)
        return True
    except Exception as error:  # lock timeout, DuckDB lock held by a non-cooperating process, ...
        spool = spool_path(working_db)
        spool.parent.mkdir(parents=True, exist_ok=True)
        with open(spool, "a", encoding="utf-8") as out:  # O_APPEND: concurrent callbacks do not interleave lines
            out.write("".join(json.dumps(row, sort_keys=True) + "\n" for row in rows))
        log.warning("working database busy (%s); task failure spooled to %s, merged by the next publish",
                    error, spool)
        return False


def ensure_task_failures_table(con) -> None:
    for statement in TASK_FAILURES_DDL:
        con.execute(statement)


def _insert(con, rows: list[dict]) -> int:
    ensure_task_failures_table(con)
    if not rows:
        return 0
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for column in ("logical_date", "failed_at"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[us]")
    con.register("task_failure_rows", frame)
    try:
        inserted = con.execute(f"""
            INSERT INTO audit.task_failures ({", ".join(COLUMNS)})
            SELECT DISTINCT ON (dag_id, run_id, task_id, map_index, try_number) {", ".join(COLUMNS)}
            FROM task_failure_rows AS r
            WHERE NOT EXISTS (
                SELECT 1 FROM audit.task_failures AS f
                WHERE f.dag_id = r.dag_id AND f.run_id = r.run_id AND f.task_id = r.task_id
                  AND f.map_index = r.map_index AND f.try_number = r.try_number)
            RETURNING 1""").fetchall()
    finally:
        con.unregister("task_failure_rows")
    return len(inserted)


def merge_spool(con, working_db: Path) -> int:
    """Move spooled rows into audit.task_failures (call with the writer lock held).
    The spool is renamed first, so a callback appending meanwhile starts a new one;
    a merge that died halfway leaves its renamed file, merged again next time (rows
    are keyed, so nothing is counted twice)."""
    ensure_task_failures_table(con)
    spool = spool_path(working_db)
    if spool.exists():
        os.replace(spool, spool.with_name(f"{spool.name}.{os.getpid()}.{time.time_ns()}.merging"))
    inserted = 0
    for taken in sorted(spool.parent.glob(spool.name + ".*.merging")):
        rows = [json.loads(line) for line in taken.read_text(encoding="utf-8").splitlines() if line.strip()]
        inserted += _insert(con, rows)
        taken.unlink()
    if inserted:
        log.info("merged %d spooled task failure(s) into audit.task_failures", inserted)
    return inserted


def prepare_audit(working_db: Path | None = None) -> int:
    """Before publishing: make sure audit.task_failures exists (BI sees the table even
    when nothing ever failed) and holds every spooled row."""
    from diplomacy.config import settings
    from diplomacy.warehouse.db import working_db as open_working_db

    working_db = working_db or settings().working_db
    with open_working_db(working_db, purpose="merge task failures") as con:
        return merge_spool(con, working_db)
