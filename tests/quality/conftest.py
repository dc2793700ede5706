"""Fixtures of the quality tests: a clean contract-shaped working database."""
from __future__ import annotations

import pytest
from contract_db import build_working_db


@pytest.fixture
def warehouse(tmp_path):
    """An open connection to a working database that passes both gates."""
    con = build_working_db(tmp_path / "working.duckdb")
    yield con
    con.close()


@pytest.fixture
def data_docs_dir(tmp_path):
    return tmp_path / "data_docs"
