"""Run a quality gate: read each frame of the gate from DuckDB, validate it with
its versioned GX suite, and write the results and Data Docs into the
warehouse's data_docs directory. GX is imported only here, inside functions:
its import alone takes seconds."""
from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from diplomacy.quality.checks import GATES, PUBLICATION_CLOCK_SKEW_DAYS, Frame, suite_name
from diplomacy.quality.gx_project import SITE_NAME, ensure_in_sync, open_context
from diplomacy.quality.results import Failure, GateResult

SAMPLE_SIZE = 5


def validate_landing(
    con: duckdb.DuckDBPyConnection, load_id: str, data_docs_dir: Path | str, run_id: str
) -> GateResult:
    """The rows of raw.articles landed by one load."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)  # published_at is naive UTC
    return run_gate(
        "landing",
        con,
        data_docs_dir,
        run_id,
        load_id,
        sql_parameters={"load_id": load_id},
        expectation_parameters={
            "latest_allowed_published_at": now + timedelta(days=PUBLICATION_CLOCK_SKEW_DAYS)
        },
    )


def validate_marts(
    con: duckdb.DuckDBPyConnection, data_docs_dir: Path | str, run_id: str, load_id: str | None = None
) -> GateResult:
    """The contract tables of the marts schema."""
    partner_codes = con.execute(
        "SELECT DISTINCT partner_code FROM marts.dim_partners WHERE partner_code IS NOT NULL ORDER BY 1"
    ).fetchall()
    return run_gate(
        "marts",
        con,
        data_docs_dir,
        run_id,
        load_id,
        sql_parameters=None,
        expectation_parameters={"known_partner_codes": [code for (code,) in partner_codes]},
    )


def run_gate(
    gate: str,
    con: duckdb.DuckDBPyConnection,
    data_docs_dir: Path | str,
    run_id: str,
    load_id: str | None,
    sql_parameters: dict[str, Any] | None,
    expectation_parameters: dict[str, Any],
) -> GateResult:
    started = time.monotonic()
    context = open_context(data_docs_dir)
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    gx_run = RunIdentifier(run_name=run_id, run_time=datetime.now(timezone.utc))
    evaluated = successful = 0
    failures: list[Failure] = []
    rendered = []  # what Data Docs must (re)build: this run only, not the whole history
    for frame in GATES[gate]:
        definition = context.validation_definitions.get(suite_name(gate, frame))
        ensure_in_sync(gate, frame, definition.suite)
        frame_data = con.execute(frame.sql, sql_parameters).df()
        outcome = definition.run(
            batch_parameters={"dataframe": frame_data},
            expectation_parameters=expectation_parameters,
            result_format={
                "result_format": "SUMMARY",
                "unexpected_index_column_names": list(frame.keys),
                "partial_unexpected_count": SAMPLE_SIZE,
            },
            run_id=gx_run,
        )
        for result in outcome.results:
            evaluated += 1
            if result.success:
                successful += 1
            else:
                failures.append(_failure(frame, result))
        suite_id = ExpectationSuiteIdentifier(name=definition.suite.name)
        rendered += [
            suite_id,
            ValidationResultIdentifier(
                expectation_suite_identifier=suite_id,
                run_id=gx_run,
                batch_identifier=outcome.batch_id,
            ),
        ]
    context.build_data_docs(site_names=[SITE_NAME], resource_identifiers=rendered)
    return GateResult(
        suite=gate,
        run_id=run_id,
        load_id=load_id,
        evaluated=evaluated,
        successful=successful,
        failures=failures,
        data_docs_index=Path(data_docs_dir).resolve() / "index.html",
        validated_at=gx_run.run_time,
        seconds=round(time.monotonic() - started, 3),
    )


def expectation_label(frame: Frame, config) -> str:
    """expect_column_values_to_be_in_set(fct_diplomatic_events.start_day_of_month) where date_precision == 'month'"""
    kwargs = config.kwargs
    columns = [kwargs[key] for key in ("column", "column_A", "column_B") if kwargs.get(key)]
    columns += kwargs.get("column_list") or []
    target = ", ".join(f"{frame.name}.{column}" for column in columns) or frame.name
    label = f"{config.type}({target})"
    condition = kwargs.get("row_condition")
    if condition:
        if not isinstance(condition, dict):
            condition = condition.dict()
        label += f" where {condition['column']['name']} {condition['operator']} {condition['parameter']!r}"
    return label


def _failure(frame: Frame, result) -> Failure:
    details = result.result or {}
    errors = _errors(result.exception_info)
    if errors:
        sample = [f"GX could not evaluate it: {message}" for message in errors]
    elif details.get("partial_unexpected_index_list"):
        sample = details["partial_unexpected_index_list"]
    elif details.get("partial_unexpected_list"):
        sample = details["partial_unexpected_list"]
    else:
        sample = [{"observed_value": details.get("observed_value")}]
    return Failure(
        name=expectation_label(frame, result.expectation_config),
        unexpected_count=details.get("unexpected_count"),
        sample=[_plain(row) for row in sample[:SAMPLE_SIZE]],
    )


def _errors(info: dict | None) -> list[str]:
    """GX reports an error flat, or keyed by metric id when a metric failed."""
    if not info:
        return []
    entries = [info] if "exception_message" in info else [v for v in info.values() if isinstance(v, dict)]
    return [entry["exception_message"] for entry in entries if entry.get("exception_message")]


def _plain(value: Any) -> Any:
    """numpy/pandas values -> JSON-ready Python (dates as ISO strings)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    return value
