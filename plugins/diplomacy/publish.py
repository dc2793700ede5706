"""Write-audit-publish: copy the validated schemas of the working database into
the read-only snapshot that BI tools, the dashboard and ad-hoc SQL open.

The snapshot is built in a temp file beside the published one and renamed over
it (os.replace is atomic on one filesystem), so a reader sees the previous load
or the new one, never a half-written file. It is written in storage version
v1.4.0 because BI drivers lag the newest DuckDB.

A publishing process killed before the rename (SIGKILL, OOM, a lost worker)
leaves the previous snapshot in place and a hidden temp file beside it; the
next publish removes the temp files whose process is gone."""
from __future__ import annotations

import logging
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from diplomacy.warehouse.db import connect

log = logging.getLogger(__name__)

STORAGE_VERSION = "v1.4.0"
SNAPSHOT_ALIAS = "publish_snapshot"


@dataclass(frozen=True)
class PublishSummary:
    path: Path
    row_counts: dict[str, int]  # "marts.fct_diplomatic_events" -> rows
    bytes: int

    @property
    def tables(self) -> list[str]:
        return list(self.row_counts)


def publish_snapshot(
    working: duckdb.DuckDBPyConnection | Path | str,
    published_path: Path | str,
    schemas: tuple[str, ...] = ("marts", "audit"),
) -> PublishSummary:
    """Copy every table and view of `schemas` (views become tables) into a new
    file and atomically replace `published_path` with it.

    Pass the open connection of the working database: DuckDB allows one
    read-write process per file, and in one process every connection to a file
    must share its configuration, so opening the working file again can fail.
    A path is opened read-only for the duration of the call."""
    if isinstance(working, duckdb.DuckDBPyConnection):
        return _publish(working, Path(published_path), schemas)
    con = connect(working, read_only=True)
    try:
        return _publish(con, Path(published_path), schemas)
    finally:
        con.close()


def _publish(con: duckdb.DuckDBPyConnection, published: Path, schemas: tuple[str, ...]) -> PublishSummary:
    published = published.resolve()
    published.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(published)
    # Same directory, hence same filesystem: the rename is atomic. Hidden and
    # unique so neither a reader nor a concurrent publish ever picks it up.
    temp = published.with_name(f".{published.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    source, source_path = con.execute(
        "SELECT database_name, path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    if source_path and Path(source_path).resolve() == published:
        raise ValueError(f"refusing to publish the working database onto itself: {published}")
    tables = _relations(con, source, schemas)
    attached = False
    try:
        # READ_ONLY false: the working database may itself be open read-only.
        con.execute(
            f"ATTACH {_literal(str(temp))} AS {SNAPSHOT_ALIAS} "
            f"(READ_ONLY false, STORAGE_VERSION '{STORAGE_VERSION}')"
        )
        attached = True
        row_counts = {}
        for schema in schemas:
            con.execute(f"CREATE SCHEMA {SNAPSHOT_ALIAS}.{_ident(schema)}")
        for schema, table in tables:
            target = f"{SNAPSHOT_ALIAS}.{_ident(schema)}.{_ident(table)}"
            copy_table(con, f"{_ident(source)}.{_ident(schema)}.{_ident(table)}", target)
            row_counts[f"{schema}.{table}"] = con.execute(f"SELECT count(*) FROM {target}").fetchone()[0]
        con.execute(f"CHECKPOINT {SNAPSHOT_ALIAS}")  # everything in the file, no WAL left
        con.execute(f"DETACH {SNAPSHOT_ALIAS}")
        attached = False
        _fsync_file(temp)
        os.replace(temp, published)
        _fsync_dir(published.parent)  # make the rename itself durable
    except BaseException:
        if attached:
            try:
                con.execute(f"DETACH {SNAPSHOT_ALIAS}")
            except duckdb.Error:
                pass  # the original error matters more
        for leftover in (temp, temp.with_name(temp.name + ".wal")):
            leftover.unlink(missing_ok=True)
        raise
    return PublishSummary(path=published, row_counts=row_counts, bytes=published.stat().st_size)


def clean_stale_temps(published: Path | str) -> list[Path]:
    """Remove the temp files (and their WAL) that an interrupted publish left
    beside `published`. A temp file whose process still runs is a publish in
    progress and stays. Returns what was removed."""
    published = Path(published)
    pattern = re.compile(rf"\.{re.escape(published.name)}\.(\d+)\.[0-9a-f]+\.tmp(\.wal)?")
    removed = []
    if not published.parent.is_dir():
        return removed
    for leftover in published.parent.iterdir():
        match = pattern.fullmatch(leftover.name)
        if not match or _process_alive(int(match[1])):
            continue
        leftover.unlink(missing_ok=True)
        removed.append(leftover)
        log.warning("removed %s, left by an interrupted publish (process %s is gone)", leftover, match[1])
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # this process: maybe another thread's publish
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, another user's
    return True


def copy_table(con: duckdb.DuckDBPyConnection, source: str, target: str) -> None:
    con.execute(f"CREATE TABLE {target} AS SELECT * FROM {source}")


def _relations(con: duckdb.DuckDBPyConnection, database: str, schemas: tuple[str, ...]) -> list[tuple[str, str]]:
    found = con.execute(
        """
        SELECT schema_name, table_name FROM duckdb_tables()
        WHERE database_name = $db AND schema_name IN (SELECT unnest($schemas))
        UNION ALL
        SELECT schema_name, view_name FROM duckdb_views()
        WHERE database_name = $db AND schema_name IN (SELECT unnest($schemas)) AND NOT internal
        ORDER BY 1, 2
        """,
        {"db": database, "schemas": list(schemas)},
    ).fetchall()
    existing = {
        row[0]
        for row in con.execute(
            "SELECT schema_name FROM duckdb_schemas() WHERE database_name = ?", [database]
        ).fetchall()
    }
    missing = [schema for schema in schemas if schema not in existing]
    if missing:
        raise ValueError(f"cannot publish: the working database has no schema {', '.join(missing)}")
    return [(schema, table) for schema, table in found]


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
