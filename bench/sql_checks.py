"""The quality gates' checks (diplomacy.quality.checks) as plain DuckDB SQL: the
floor the GX gates are measured against. Same frames, same rules, one query per
check counting the unexpected rows; nothing is rendered or stored."""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Any

import duckdb

from diplomacy.quality.checks import GATES, PUBLICATION_CLOCK_SKEW_DAYS, Check, Frame


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, datetime):
        return f"TIMESTAMP '{value.isoformat(sep=' ')}'"
    return "'" + str(value).replace("'", "''") + "'"


def _value(value: Any, parameters: dict[str, Any]) -> Any:
    if isinstance(value, dict) and "$PARAMETER" in value:
        return parameters[value["$PARAMETER"]]
    return value


def check_sql(check: Check, parameters: dict[str, Any]) -> str:
    """SELECT count(*) of the rows of frame `f` that break the check."""
    k = check.kwargs
    where = []
    if check.when is not None:
        where.append(f'"{check.when[0]}" = {_literal(check.when[1])}')
    kind = check.expectation
    if kind == "expect_column_values_to_not_be_null":
        where.append(f'"{k["column"]}" IS NULL')
    elif kind == "expect_column_values_to_be_unique":
        c = k["column"]
        where.append(f'"{c}" IN (SELECT "{c}" FROM f GROUP BY 1 HAVING count(*) > 1)')
    elif kind == "expect_column_values_to_be_in_set":
        values = ", ".join(_literal(v) for v in _value(k["value_set"], parameters))
        where.append(f'"{k["column"]}" IS NOT NULL AND "{k["column"]}" NOT IN ({values})')
    elif kind == "expect_column_values_to_be_between":
        c, bounds = k["column"], []
        if k.get("min_value") is not None:
            bounds.append(f'"{c}" < {_literal(_value(k["min_value"], parameters))}')
        if k.get("max_value") is not None:
            bounds.append(f'"{c}" > {_literal(_value(k["max_value"], parameters))}')
        where.append("(" + " OR ".join(bounds) + ")")
    elif kind == "expect_column_values_to_match_regex":
        where.append(f'"{k["column"]}" IS NOT NULL AND NOT regexp_matches("{k["column"]}", {_literal(k["regex"])})')
    elif kind == "expect_column_pair_values_a_to_be_greater_than_b":
        a, b = k["column_A"], k["column_B"]
        op = ">=" if k.get("or_equal") else ">"
        where.append(f'"{a}" IS NOT NULL AND "{b}" IS NOT NULL AND NOT ("{a}" {op} "{b}")')
    elif kind == "expect_column_sum_to_be_between":
        c = k["column"]
        return (f'SELECT CASE WHEN coalesce(sum(CAST("{c}" AS INTEGER)), 0) BETWEEN {k["min_value"]} '
                f'AND {k["max_value"]} THEN 0 ELSE 1 END FROM f')
    else:
        raise NotImplementedError(kind)
    return "SELECT count(*) FROM f WHERE " + " AND ".join(where)


def run_sql_gate(con: duckdb.DuckDBPyConnection, gate: str, load_id: str | None = None) -> dict:
    """Every check of a gate as SQL; returns seconds, checks evaluated and failed."""
    started = time.perf_counter()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    parameters: dict[str, Any] = {"latest_allowed_published_at": now + timedelta(days=PUBLICATION_CLOCK_SKEW_DAYS)}
    if gate == "marts":
        parameters["known_partner_codes"] = [c for (c,) in con.execute(
            "SELECT DISTINCT partner_code FROM marts.dim_partners WHERE partner_code IS NOT NULL").fetchall()]
    evaluated = failed = 0
    failures = []
    for frame in GATES[gate]:
        sql_params = {"load_id": load_id} if "$load_id" in frame.sql else None
        con.execute(f"CREATE OR REPLACE TEMP TABLE f AS {frame.sql}", sql_params)
        for check in frame.checks:
            evaluated += 1
            (bad,) = con.execute(check_sql(check, parameters)).fetchone()
            if bad:
                failed += 1
                failures.append(f"{frame.name}: {check.expectation}({check.kwargs.get('column', '')}) {bad}")
        con.execute("DROP TABLE f")
    return {"seconds": time.perf_counter() - started, "evaluated": evaluated, "failed": failed, "failures": failures}


def frames(gate: str) -> tuple[Frame, ...]:
    return GATES[gate]
