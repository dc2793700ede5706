"""One way to open DuckDB. Every connection in a process must use the same
configuration (DuckDB refuses a second, different one), and no query may try to
download an extension: this machine, and a production worker, may be offline."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

from diplomacy.warehouse.schema import RAW_DDL

DUCKDB_CONFIG = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if not read_only:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only, config=dict(DUCKDB_CONFIG))


@contextmanager
def working_db(path: Path | str) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the working database read-write with the raw schema in place."""
    con = connect(path)
    try:
        ensure_schema(con)
        yield con
    finally:
        con.close()


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for statement in RAW_DDL:
        con.execute(statement)
