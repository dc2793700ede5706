"""Helpers of the dashboard tests (a module of its own: every conftest is named conftest)."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# The configuration the dashboard opens the file with: in one process DuckDB refuses a
# second open connection to a file with a different configuration.
READ_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def copy_warehouse(source: Path, target_dir: Path) -> Path:
    """A private copy of a snapshot (and its Data Docs) a test may change."""
    target_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target_dir / "diplomacy.duckdb")
    for folder in ("data_docs", "dbt_docs"):
        docs = source.parent / folder
        if docs.is_dir():
            shutil.copytree(docs, target_dir / folder, dirs_exist_ok=True)
    return target_dir / "diplomacy.duckdb"


def make_empty_warehouse(source: Path, target_dir: Path) -> Path:
    """Same schemas and tables as `source`, no rows: what a warehouse looks
    like before anything was landed."""
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / "diplomacy.duckdb"
    con = duckdb.connect(str(target))
    try:
        con.execute(f"ATTACH '{source}' AS src (READ_ONLY)")
        tables = con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables WHERE table_catalog = 'src'"
        ).fetchall()
        for schema, name in tables:
            con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            con.execute(f'CREATE TABLE "{schema}"."{name}" AS SELECT * FROM src."{schema}"."{name}" LIMIT 0')
        con.execute("DETACH src")
    finally:
        con.close()
    return target


def sql(db: Path, statement: str, params: list | None = None) -> list[tuple]:
    """The test's own read of the file, independent of dashboard/data.py."""
    con = duckdb.connect(str(db), read_only=True, config=dict(READ_CONFIG))
    try:
        return con.execute(statement, params or []).fetchall()
    finally:
        con.close()
