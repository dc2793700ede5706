"""The Great Expectations file project under expectations/.

Versioned in git: great_expectations.yml (a pandas datasource with one
dataframe asset per frame), the suites and the validation definitions.
A run only reads the project; it writes validation results and Data Docs to
the warehouse's own data_docs directory, substituted into the config at run
time, so warehouses never mix their results.

Regenerate the suites after editing diplomacy.quality.checks:
    python -m diplomacy.quality.gx_project
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from diplomacy.config import PROJECT_ROOT, apply_offline_env
from diplomacy.quality.checks import GATES, Check, Frame, suite_name

if TYPE_CHECKING:
    from great_expectations.core import ExpectationSuite
    from great_expectations.data_context import FileDataContext

PROJECT_DIR = PROJECT_ROOT / "expectations"
DATASOURCE = "warehouse_frames"
BATCH_DEFINITION = "whole_frame"
SITE_NAME = "warehouse"
RESULTS_SUBDIR = "validation_results"


class ProjectOutOfDate(RuntimeError):
    """The versioned suites disagree with diplomacy.quality.checks."""


def open_context(data_docs_dir: Path | str) -> FileDataContext:
    apply_offline_env()  # GX reads GX_ANALYTICS_ENABLED at import
    import great_expectations as gx

    docs = Path(data_docs_dir).resolve()
    return gx.get_context(
        mode="file",
        project_root_dir=PROJECT_DIR,
        runtime_environment={
            "diplomacy_data_docs_dir": str(docs),
            "diplomacy_validation_results_dir": str(docs / RESULTS_SUBDIR),
        },
    )


def build_suite(name: str, checks: tuple[Check, ...]) -> ExpectationSuite:
    import great_expectations as gx
    from great_expectations.expectations.registry import get_expectation_impl
    from great_expectations.expectations.row_conditions import Column

    expectations = []
    for item in checks:
        kwargs = dict(item.kwargs)
        if item.when is not None:
            column, value = item.when
            kwargs["row_condition"] = Column(column) == value
        expectations.append(get_expectation_impl(item.expectation)(**kwargs))
    # Passed whole: add_expectation() on a suite not yet stored needs an active context.
    return gx.ExpectationSuite(name=name, expectations=expectations)


def comparable(suite: ExpectationSuite) -> list[str]:
    """The expectations of a suite without their generated ids, in order."""
    return [
        json.dumps({"type": e["type"], "kwargs": e["kwargs"]}, sort_keys=True)
        for e in suite.to_json_dict()["expectations"]
    ]


def ensure_in_sync(gate: str, frame: Frame, stored: ExpectationSuite) -> None:
    if comparable(stored) != comparable(build_suite(suite_name(gate, frame), frame.checks)):
        raise ProjectOutOfDate(
            f"suite {stored.name} in {PROJECT_DIR} differs from diplomacy.quality.checks: "
            "run `python -m diplomacy.quality.gx_project` and commit the result"
        )


def sync_project() -> list[str]:
    """Write the suites, assets and validation definitions of every gate into
    the project; rewrite only what changed (ids stay stable in git). Returns
    the names of the suites written."""
    import great_expectations as gx

    written = []
    with tempfile.TemporaryDirectory() as scratch:
        context = open_context(scratch)
        if DATASOURCE in context.data_sources.all():
            datasource = context.data_sources.get(DATASOURCE)
        else:
            datasource = context.data_sources.add_pandas(DATASOURCE)
        stored_suites = {suite.name: suite for suite in context.suites.all()}
        stored_definitions = {vd.name for vd in context.validation_definitions.all()}
        wanted_frames = {suite_name(gate, frame): frame for gate, frames in GATES.items() for frame in frames}
        for name in (stored_suites.keys() | stored_definitions) - wanted_frames.keys():
            _delete(context, name, stored_suites, stored_definitions)  # a frame that was removed
        for name, frame in wanted_frames.items():
            wanted = build_suite(name, frame.checks)
            stored = stored_suites.get(name)
            if stored is not None and comparable(stored) == comparable(wanted) and name in stored_definitions:
                continue
            # The validation definition holds the suite id: replace both.
            _delete(context, name, stored_suites, stored_definitions)
            suite = context.suites.add(wanted)
            context.validation_definitions.add(
                gx.ValidationDefinition(name=name, data=_batch_definition(datasource, frame), suite=suite)
            )
            written.append(name)
    return written


def _delete(context, name: str, stored_suites: dict, stored_definitions: set[str]) -> None:
    if name in stored_definitions:
        context.validation_definitions.delete(name)
    if name in stored_suites:
        context.suites.delete(name)


def _batch_definition(datasource, frame: Frame):
    if frame.name in datasource.get_asset_names():
        asset = datasource.get_asset(frame.name)
    else:
        asset = datasource.add_dataframe_asset(frame.name)
    if BATCH_DEFINITION in [bd.name for bd in asset.batch_definitions]:
        return asset.get_batch_definition(BATCH_DEFINITION)
    return asset.add_batch_definition_whole_dataframe(BATCH_DEFINITION)


if __name__ == "__main__":
    changed = sync_project()
    print("updated: " + (", ".join(changed) if changed else "nothing, the project is in sync"))
