"""What a gate run found, in plain Python, and its row in audit.validation_runs."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb


@dataclass(frozen=True)
class Failure:
    name: str  # e.g. "expect_column_values_to_be_between(fct_diplomatic_events.date_start)"
    unexpected_count: int | None
    sample: list[Any]  # offending rows (key columns + value), or what GX observed


@dataclass(frozen=True)
class GateResult:
    suite: str  # the gate: "landing" or "marts"
    run_id: str
    load_id: str | None
    evaluated: int
    successful: int
    failures: list[Failure]
    data_docs_index: Path
    validated_at: datetime
    seconds: float

    @property
    def success(self) -> bool:
        return not self.failures

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def failed_expectations(self) -> list[str]:
        return [failure.name for failure in self.failures]

    def describe(self) -> str:
        if self.success:
            return f"gate {self.suite} passed {self.evaluated} expectations (run {self.run_id})"
        lines = [
            f"gate {self.suite} failed {self.failed} of {self.evaluated} expectations "
            f"(run {self.run_id}, load {self.load_id}):"
        ]
        for failure in self.failures:
            count = "" if failure.unexpected_count is None else f" {failure.unexpected_count} unexpected;"
            lines.append(f"  - {failure.name}:{count} e.g. {_compact(failure.sample)}")
        lines.append(f"Data Docs: {self.data_docs_index}")
        return "\n".join(lines)

    def raise_if_failed(self) -> None:
        if not self.success:
            raise GateFailed(self)


class GateFailed(Exception):
    def __init__(self, result: GateResult):
        super().__init__(result.describe())
        self.result = result


def record_validation(con: duckdb.DuckDBPyConnection, result: GateResult) -> None:
    """One row per gate run in audit.validation_runs. A retried run (same
    run_id and suite) replaces its row, so re-running a DAG run changes nothing."""
    details = json.dumps(
        [{"expectation": f.name, "unexpected_count": f.unexpected_count, "sample": f.sample} for f in result.failures],
        default=str,
    )
    con.begin()
    try:
        con.execute(
            "DELETE FROM audit.validation_runs WHERE run_id = ? AND suite = ?",
            [result.run_id, result.suite],
        )
        con.execute(
            """
            INSERT INTO audit.validation_runs (run_id, suite, success, evaluated, successful, failed,
                failed_expectations, details, load_id, data_docs_path, validated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                result.run_id,
                result.suite,
                result.success,
                result.evaluated,
                result.successful,
                result.failed,
                result.failed_expectations,
                details,
                result.load_id,
                str(result.data_docs_index),
                result.validated_at.astimezone(timezone.utc).replace(tzinfo=None),
            ],
        )
        con.commit()
    except BaseException:
        con.rollback()
        raise


def _compact(sample: list[Any], limit: int = 300) -> str:
    text = json.dumps(sample, default=str, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."
