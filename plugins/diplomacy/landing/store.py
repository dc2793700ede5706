"""Writes of the landing step: set-based inserts that skip what is already there.

Each batch arrives as a pandas DataFrame and goes in with one INSERT ... SELECT
(row-by-row inserts are ~100x slower in DuckDB). The anti-joins make every write
idempotent: landing the same input again adds nothing."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from typing import Iterator

import duckdb
import pandas as pd

ARTICLE_COLUMNS = [
    "article_id", "content_hash", "text", "title", "url", "outlet", "published_raw",
    "published_at", "language", "source_file", "source_record", "source_format",
    "n_chars", "load_id", "landed_at",
]
REJECTION_COLUMNS = [
    "source_file", "source_record", "reason", "size_bytes", "original_bytes", "load_id", "rejected_at",
]
_TIMESTAMP_COLUMNS = {"published_at", "landed_at", "rejected_at", "seen_at"}


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for column in _TIMESTAMP_COLUMNS.intersection(columns):
        frame[column] = pd.Series(frame[column], dtype="datetime64[us]")  # None -> NULL, not object
    return frame


@contextmanager
def _registered(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> Iterator[None]:
    """Expose the frame to SQL as landing_batch for the duration of a write."""
    con.register("landing_batch", frame)
    try:
        yield
    finally:
        con.unregister("landing_batch")


def insert_new_articles(con: duckdb.DuckDBPyConnection, rows: list[dict], load_id: str) -> set[str]:
    """Insert the rows whose content_hash is not in raw.articles yet (the caller
    dedupes within a load). Return the batch's hashes owned by load_id: inserted
    now, or by an earlier run of the same load, so a retried load reports what it
    landed rather than zero."""
    if not rows:
        return set()
    columns = ", ".join(ARTICLE_COLUMNS)
    with _registered(con, _frame(rows, ARTICLE_COLUMNS)):
        con.execute(f"""
            INSERT INTO raw.articles ({columns})
            SELECT {columns} FROM landing_batch AS b
            WHERE NOT EXISTS (SELECT 1 FROM raw.articles AS a WHERE a.content_hash = b.content_hash)
        """)
        owned = con.execute("""
            SELECT b.content_hash FROM landing_batch AS b
            JOIN raw.articles AS a ON a.content_hash = b.content_hash
            WHERE a.load_id = ?
        """, [load_id]).fetchall()
    return {content_hash for (content_hash,) in owned}


SOURCE_COLUMNS = ["article_id", "source_file", "source_record", "source_format", "load_id", "seen_at"]


def insert_new_sources(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    """Record every file/record a text was seen in, once."""
    if not rows:
        return
    columns = ", ".join(SOURCE_COLUMNS)
    with _registered(con, _frame(rows, SOURCE_COLUMNS)):
        con.execute(f"""
            INSERT INTO raw.article_sources ({columns})
            SELECT DISTINCT ON (article_id, source_file, source_record) {columns} FROM landing_batch AS b
            WHERE NOT EXISTS (
                SELECT 1 FROM raw.article_sources AS s
                WHERE s.article_id = b.article_id AND s.source_file = b.source_file
                  AND s.source_record IS NOT DISTINCT FROM b.source_record
            )
        """)


def insert_new_rejections(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> int:
    """Insert rejections not recorded before: the same bytes rejected again from the
    same file and record add no row. Returns the number inserted."""
    if not rows:
        return 0
    columns = ", ".join(REJECTION_COLUMNS)
    with _registered(con, _frame(rows, REJECTION_COLUMNS)):
        inserted = con.execute(f"""
            INSERT INTO raw.rejected_inputs ({columns})
            SELECT {columns} FROM landing_batch AS b
            WHERE NOT EXISTS (
                SELECT 1 FROM raw.rejected_inputs AS r
                WHERE r.source_file = b.source_file
                  AND r.source_record IS NOT DISTINCT FROM b.source_record
                  AND sha256(r.original_bytes) IS NOT DISTINCT FROM sha256(b.original_bytes)
            )
            RETURNING 1
            """).fetchall()
    return len(inserted)


def record_load(con: duckdb.DuckDBPyConnection, *, load_id: str, landing_dir: str,
                started_at: datetime, finished_at: datetime, files_seen: int, records_seen: int,
                articles_landed: int, duplicates: int, rejected: int) -> None:
    """One raw.loads row per load; re-running a load replaces its row (and so
    clears any gate result: the re-landed batch must be gated again)."""
    con.execute("DELETE FROM raw.loads WHERE load_id = ?", [load_id])
    con.execute(
        """
        INSERT INTO raw.loads (load_id, landing_dir, started_at, finished_at, files_seen,
                               records_seen, articles_landed, duplicates, rejected)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [load_id, landing_dir, started_at, finished_at, files_seen, records_seen,
         articles_landed, duplicates, rejected],
    )
