"""Small helpers for the end-to-end tests."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def copy_folder(source: Path, target: Path, skip: tuple[str, ...] = ("gold.yaml", "README.md")) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for item in source.iterdir():
        if item.is_file() and item.name not in skip:
            shutil.copy2(item, target / item.name)
    return target


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Read the published snapshot as a BI user would: read-only."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


MART_TABLES = ("dim_countries", "dim_partners", "dim_articles", "fct_diplomatic_events",
               "bridge_event_participants", "fct_event_evidence", "fct_country_partner_relationships")


def marts_fingerprint(db: Path) -> dict[str, list[tuple]]:
    """Every mart's rows, sorted: equal fingerprints mean equal published marts."""
    return {table: sorted(query(db, f"SELECT * FROM marts.{table}"), key=repr) for table in MART_TABLES}
