"""One way to open DuckDB, and one writer at a time on the working database.

Every connection in a process must use the same configuration (DuckDB refuses
a second, different one), and no query may try to download an extension: this
machine, and a production worker, may be offline.

DuckDB allows one read-write *process* per file. Under the scheduler the
Airflow pool `duckdb_writer` (one slot) serialises the tasks that write, but
`dag.test()` (`make run`, `make eval`) ignores pools, and two `make run`, a
scheduler plus a `make run`, or a retry racing a late task are all separate
processes. So every step that writes the working database also takes an
inter-process lock, `flock` on `<working db>.lock` beside it:

    with working_db(cfg.working_db, purpose="extract") as con:   # lock, then open
        ...
    with writer_lock(cfg.working_db, purpose="dbt build"):       # for code that opens the file itself
        run_dbt_build(cfg.working_db, ...)

The lock is re-entrant inside a process (a step may nest `working_db` inside
`writer_lock`), logs who holds it while it waits, and gives up after
DIPLOMACY_WRITER_LOCK_TIMEOUT seconds (default one hour) with an error that
says which process holds it. The kernel releases it when its holder dies, so a
killed task never leaves a stale lock behind."""
from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import duckdb

from diplomacy.warehouse.schema import RAW_DDL

log = logging.getLogger(__name__)

DUCKDB_CONFIG = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}

DEFAULT_LOCK_TIMEOUT_SECONDS = 3600.0
LOCK_POLL_SECONDS = 0.2
LOCK_LOG_EVERY_SECONDS = 30.0


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if not read_only:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only, config=dict(DUCKDB_CONFIG))


@contextmanager
def working_db(path: Path | str, purpose: str = "write", timeout: float | None = None
               ) -> Iterator[duckdb.DuckDBPyConnection]:
    """Take the writer lock, then open the working database read-write with
    the raw schema in place. The connection is closed before the lock is
    released, so the next writer always finds the file free."""
    with writer_lock(path, purpose=purpose, timeout=timeout):
        con = connect(path)
        try:
            ensure_schema(con)
            yield con
        finally:
            con.close()


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for statement in RAW_DDL + STATE_DDL:
        con.execute(statement)


# --- the inter-process writer lock ----------------------------------------------


class WriterLockTimeout(TimeoutError):
    """Another process held the working database's writer lock for too long."""


def lock_path(db_path: Path | str) -> Path:
    """`working.duckdb` -> `working.duckdb.lock`, in the same directory."""
    db_path = Path(db_path).resolve()
    return db_path.with_name(db_path.name + ".lock")


def lock_timeout() -> float:
    raw = os.environ.get("DIPLOMACY_WRITER_LOCK_TIMEOUT")
    try:
        return float(raw) if raw else DEFAULT_LOCK_TIMEOUT_SECONDS
    except ValueError:
        raise ValueError(f"DIPLOMACY_WRITER_LOCK_TIMEOUT must be a number of seconds, not {raw!r}") from None


class _PathLock:
    """The state of one lock file in this process: re-entrant for the thread
    that holds it; other threads of the process wait on `thread_lock`."""

    def __init__(self) -> None:
        self.thread_lock = threading.RLock()
        self.depth = 0
        self.fd: int | None = None


_registry_guard = threading.Lock()
_registry: dict[str, _PathLock] = {}


def _forget_inherited_locks() -> None:
    """In a forked child: the flock belongs to the parent. Close our copies of
    the descriptors without unlocking (LOCK_UN would release the parent's lock)."""
    global _registry_guard, _registry
    for state in _registry.values():
        fd, state.fd = state.fd, None  # a `with writer_lock` still open in the child then unlocks nothing
        if fd is not None:
            try:
                os.close(fd)
            except OSError:
                pass
    _registry_guard = threading.Lock()
    _registry = {}


os.register_at_fork(after_in_child=_forget_inherited_locks)


@contextmanager
def writer_lock(db_path: Path | str, purpose: str = "write", timeout: float | None = None) -> Iterator[Path]:
    """Hold the single-writer lock of the DuckDB file `db_path` (see the module doc)."""
    path = lock_path(db_path)
    timeout = lock_timeout() if timeout is None else timeout
    deadline = time.monotonic() + timeout
    with _registry_guard:
        state = _registry.setdefault(str(path), _PathLock())
    if not state.thread_lock.acquire(timeout=max(timeout, 0)):
        raise WriterLockTimeout(
            f"gave up after {timeout:.0f} s waiting for the writer lock {path} for {purpose}: "
            "another thread of this process held it")
    try:
        if state.depth == 0:
            state.fd = _acquire_file_lock(path, purpose, timeout, deadline)
        state.depth += 1
    except BaseException:
        state.thread_lock.release()
        raise
    try:
        yield path
    finally:
        state.depth -= 1
        if state.depth == 0:
            fd, state.fd = state.fd, None
            if fd is not None:
                try:
                    os.ftruncate(fd, 0)  # no stale holder description for the next waiter
                    fcntl.flock(fd, fcntl.LOCK_UN)
                finally:
                    os.close(fd)
        state.thread_lock.release()


def _acquire_file_lock(path: Path, purpose: str, timeout: float, deadline: float) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)  # not inherited by exec'd children
    started = time.monotonic()
    next_log = None
    last_holder = None
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                now = time.monotonic()
                if now >= deadline:
                    raise WriterLockTimeout(
                        f"gave up after {timeout:.0f} s waiting for the writer lock {path} for {purpose}; "
                        f"it is held by {_holder(fd)}. DuckDB allows one writing process per file: "
                        "wait for that run to finish, or stop it if it is stuck "
                        "(DIPLOMACY_WRITER_LOCK_TIMEOUT sets how long to wait)") from None
                holder = _holder(fd)
                if next_log is None or (holder != last_holder and holder != UNKNOWN_HOLDER):
                    # first wait, or the lock passed to another writer while we waited
                    log.warning("waiting for the writer lock %s for %s (pid %d): held by %s",
                                path, purpose, os.getpid(), holder)
                    last_holder = holder
                    next_log = now + LOCK_LOG_EVERY_SECONDS
                elif now >= next_log:
                    log.warning("still waiting for the writer lock %s for %s after %.0f s: held by %s",
                                path, purpose, now - started, holder)
                    next_log = now + LOCK_LOG_EVERY_SECONDS
                time.sleep(min(LOCK_POLL_SECONDS, max(deadline - now, 0.01)))
        if next_log is not None:
            log.warning("writer lock %s acquired for %s after waiting %.1f s",
                        path, purpose, time.monotonic() - started)
        holder = (f"pid {os.getpid()} on {socket.gethostname()} ({purpose}, since "
                  f"{datetime.now(timezone.utc).isoformat(timespec='seconds')})")
        os.ftruncate(fd, 0)
        os.pwrite(fd, holder.encode(), 0)
        return fd
    except BaseException:
        os.close(fd)
        raise


UNKNOWN_HOLDER = "another process"


def _holder(fd: int) -> str:
    """Who holds the lock, as its holder wrote it into the lock file."""
    try:
        text = os.pread(fd, 512, 0).decode(errors="replace").strip()
    except OSError:
        text = ""
    return text or UNKNOWN_HOLDER


# --- which marts were validated: publish only what passed its gate --------------
#
# validate_marts and publish are separate steps, and the writer lock is released
# between them: another run's dbt build may replace the marts in that gap. So a
# gate verdict is recorded with a fingerprint of the marts it judged, and publish
# copies the marts only if their fingerprint has a passing verdict.

STATE_DDL = [
    "CREATE SCHEMA IF NOT EXISTS pipeline",  # the pipeline's own bookkeeping: never published
    """
    CREATE TABLE IF NOT EXISTS pipeline.marts_verdicts (
        run_id          VARCHAR NOT NULL,
        fingerprint     VARCHAR NOT NULL,
        success         BOOLEAN NOT NULL,
        validated_at    TIMESTAMP NOT NULL
    )
    """,
]


@dataclass(frozen=True)
class MartsVerdict:
    run_id: str
    success: bool
    validated_at: datetime


def marts_fingerprint(con: duckdb.DuckDBPyConnection, schema: str = "marts") -> str:
    """A digest of every relation of `schema`: names, column names and types,
    row counts and an order-independent sum of row hashes. Equal marts give
    equal fingerprints in any process (same DuckDB version)."""
    database = con.execute("SELECT current_database()").fetchone()[0]
    columns = con.execute(
        """SELECT table_name, list(column_name || ' ' || data_type ORDER BY column_index)
           FROM duckdb_columns() WHERE database_name = ? AND schema_name = ?
           GROUP BY table_name ORDER BY table_name""",
        [database, schema],
    ).fetchall()
    parts = []
    for table, cols in columns:
        qualified = f'"{schema}"."{table.replace(chr(34), chr(34) * 2)}"'
        count, total = con.execute(f"SELECT count(*), sum(hash(t)) FROM {qualified} AS t").fetchone()
        parts.append([table, cols, count, str(total)])
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def record_marts_verdict(con: duckdb.DuckDBPyConnection, run_id: str, success: bool,
                         fingerprint: str | None = None) -> str:
    fingerprint = fingerprint or marts_fingerprint(con)
    con.execute(
        "INSERT INTO pipeline.marts_verdicts VALUES (?, ?, ?, ?)",
        [run_id, fingerprint, success, datetime.now(timezone.utc).replace(tzinfo=None)],
    )
    return fingerprint


def verdict_for(con: duckdb.DuckDBPyConnection, fingerprint: str) -> MartsVerdict | None:
    """The latest gate verdict on marts with this fingerprint, if any."""
    row = con.execute(
        """SELECT run_id, success, validated_at FROM pipeline.marts_verdicts
           WHERE fingerprint = ? ORDER BY validated_at DESC LIMIT 1""",
        [fingerprint],
    ).fetchone()
    return MartsVerdict(*row) if row else None
