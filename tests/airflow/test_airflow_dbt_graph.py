"""The manifest Cosmos renders build_warehouse from: made by `dbt parse` into a
content-addressed build directory, remade whenever anything dbt reads changes, reused
otherwise; the staged project pulls the seed path that leaves dbt_project/ inside, so
Cosmos' per-task temporary copy still finds the seeds."""
from __future__ import annotations

import json
import shutil
import time

import pytest
import yaml

from diplomacy.orchestration import dbt_graph

from airflow_harness import PROJECT_ROOT


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the dbt project in the repository's layout (../plugins beside it)."""
    copy = tmp_path / "dbt_project"
    shutil.copytree(PROJECT_ROOT / "dbt_project", copy, ignore=shutil.ignore_patterns("target", "logs"))
    (tmp_path / "plugins").symlink_to(PROJECT_ROOT / "plugins")
    monkeypatch.setenv("DIPLOMACY_WAREHOUSE_DIR", str(tmp_path / "warehouse"))
    monkeypatch.delenv("DIPLOMACY_DBT_BUILD_DIR", raising=False)
    return copy


def test_the_fingerprint_follows_every_file_dbt_reads_and_nothing_else(project):
    first = dbt_graph.fingerprint(project)
    (project / "target").mkdir()
    (project / "target" / "run_results.json").write_text("{}")
    assert dbt_graph.fingerprint(project) == first  # dbt's own output does not count
    model = project / "models" / "marts" / "dim_countries.sql"
    model.write_text(model.read_text() + "\n-- a comment changes the SQL\n")
    assert dbt_graph.fingerprint(project) != first


def test_the_manifest_is_made_once_per_fingerprint_with_the_seeds_inside_the_staged_project(project):
    inputs = dbt_graph.ensure_manifest(project)
    assert inputs.manifest.is_file()
    assert inputs.staged_project.parent.parent == project / "target" / "airflow"
    staged_config = yaml.safe_load((inputs.staged_project / "dbt_project.yml").read_text())
    assert staged_config["seed-paths"] == ["_external/seed-paths_0"]
    seeds = inputs.staged_project / "_external" / "seed-paths_0"
    assert seeds.resolve() == (PROJECT_ROOT / "plugins" / "diplomacy" / "reference" / "seeds").resolve()
    assert (inputs.staged_project / "models").resolve() == (project / "models").resolve()
    nodes = json.loads(inputs.manifest.read_text())["nodes"]
    assert {n["name"] for n in nodes.values() if n["resource_type"] == "seed"} == {"countries", "partners"}
    assert "model.diplomacy.int_event_mentions_clustered" in nodes
    assert dbt_graph.cross_model_tests(inputs.manifest)

    started = time.perf_counter()
    assert dbt_graph.ensure_manifest(project) == inputs  # unchanged sources: no dbt parse
    assert time.perf_counter() - started < 2

    model = project / "models" / "marts" / "dim_countries.sql"
    model.write_text(model.read_text() + "\n-- changed\n")
    changed = dbt_graph.ensure_manifest(project)
    assert changed.fingerprint != inputs.fingerprint and changed.manifest.is_file()
    assert inputs.manifest.is_file()  # the previous build stays for tasks still running it
