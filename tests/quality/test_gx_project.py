"""The versioned GX project agrees with diplomacy.quality.checks."""
from __future__ import annotations

from dataclasses import replace

import pytest

from diplomacy.quality.checks import GATES, check, suite_name
from diplomacy.quality.gx_project import ProjectOutOfDate, ensure_in_sync, open_context


def test_committed_suites_match_the_checks(tmp_path):
    context = open_context(tmp_path / "docs")
    stored = {suite.name: suite for suite in context.suites.all()}
    wanted = {suite_name(gate, frame) for gate, frames in GATES.items() for frame in frames}
    assert set(stored) == wanted
    definitions = {definition.name for definition in context.validation_definitions.all()}
    assert definitions == wanted
    for gate, frames in GATES.items():
        for frame in frames:
            ensure_in_sync(gate, frame, stored[suite_name(gate, frame)])  # raises ProjectOutOfDate



def test_a_check_edited_without_regenerating_the_suites_is_refused(tmp_path):
    context = open_context(tmp_path / "docs")
    frame = GATES["marts"][1]
    edited = replace(frame, checks=frame.checks + (check("expect_column_values_to_not_be_null", column="name"),))
    with pytest.raises(ProjectOutOfDate, match="python -m diplomacy.quality.gx_project"):
        ensure_in_sync("marts", edited, context.suites.get(suite_name("marts", frame)))
