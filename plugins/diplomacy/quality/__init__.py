"""Great Expectations quality gates on the landed batch and on the marts.

    result = validate_marts(con, settings().data_docs_dir, run_id)
    record_validation(con, result)   # audit.validation_runs
    result.raise_if_failed()         # GateFailed names every failed expectation

The checks themselves are listed in diplomacy.quality.checks.
"""
from diplomacy.quality.gates import validate_landing, validate_marts
from diplomacy.quality.results import Failure, GateFailed, GateResult, record_validation

__all__ = [
    "Failure",
    "GateFailed",
    "GateResult",
    "record_validation",
    "validate_landing",
    "validate_marts",
]
