"""Fixtures for the landing tests: a fresh warehouse and an empty landing folder."""
from __future__ import annotations

from pathlib import Path

import pytest

from diplomacy.warehouse.db import connect, ensure_schema


@pytest.fixture
def con(tmp_path):
    connection = connect(tmp_path / "w.duckdb")
    ensure_schema(connection)
    yield connection
    connection.close()


@pytest.fixture
def landing(tmp_path) -> Path:
    folder = tmp_path / "landing"
    folder.mkdir()
    return folder


@pytest.fixture
def write(landing):
    """write('sub/name.txt', str or bytes) -> the file's path inside the landing folder."""
    def _write(relative: str, content: str | bytes) -> Path:
        path = landing / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return _write


@pytest.fixture
def fetch(con):
    """fetch(sql) -> rows as dicts."""
    def _fetch(sql: str, params: list | None = None) -> list[dict]:
        cursor = con.execute(sql, params or [])
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    return _fetch
