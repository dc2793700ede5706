"""The dbt graph inside Airflow: one task per dbt model (and seed) with its tests,
rendered by astronomer-cosmos from a dbt manifest.

    group = dbt_task_group(group_id="dbt")      # inside a DAG context

How the manifest is made (build-time, never committed)
------------------------------------------------------
`dbt parse` writes `manifest.json` into a content-addressed build directory,
`<dbt project>/target/airflow/<fingerprint>/project/target/manifest.json`, where the
fingerprint hashes every file of the dbt project (models, macros, tests, YAML,
dbt_project.yml, profiles.yml), the seed files it points to, the dbt versions
and the extractor version passed as a var. Any change to any of them gives a new
fingerprint, hence a new manifest: the graph Airflow renders can never be stale,
and nobody has to remember to regenerate or commit anything. The first parse
after a change costs one `dbt parse` (≈ 5-10 s, in a subprocess, under a file
lock so concurrent DAG-file parses do it once); every other parse reads the hash
of ≈ 60 small files (milliseconds). `make airflow` and `make run` prepare it
before Airflow parses the DAGs (`ensure_manifest()`).

Why a "staged" project: Cosmos runs every dbt task in a temporary directory
holding symlinks to the top-level entries of the project, so a path in
dbt_project.yml that leaves the project (`seed-paths: ../plugins/...`, where the
reference data lives next to the extractor that reads it too) would resolve
against the temp directory. The staged project is a directory of symlinks to
the real files in which such external paths are themselves symlinks inside the
project (`_external/seed-paths_0 -> plugins/diplomacy/reference/seeds`) and
dbt_project.yml is rewritten to point at them. Models, macros and tests are
symlinks: the SQL that runs is always the SQL in dbt_project/.

How the tasks run
-----------------
- ExecutionMode.LOCAL + InvocationMode.DBT_RUNNER: dbt runs in the task's
  process (no `dbt` start-up per task), the Python model included.
- TestBehavior.BUILD: one task per model = `dbt build --select <model>`, the
  model and the tests on it; a failing test fails that model's task, and only
  its dependants are marked upstream_failed.
- Tests that span several models (relationships, singular tests joining two
  marts) cannot belong to one model's task without running against the other
  model's previous build, so model tasks use `--indirect-selection cautious`
  and those tests run once, in the `cross_model_tests` task after every model.
- Every dbt task writes the DuckDB working file: pool `duckdb_writer` (one
  slot) and threads: 1 (profiles.yml), like every other writer.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from diplomacy.config import apply_offline_env, settings

log = logging.getLogger(__name__)

DBT_PROJECT_NAME = "diplomacy"
PROFILE_NAME = "diplomacy"
TARGET_NAME = "working"
# Bump when the staged layout changes: old build directories are then ignored.
STAGING_FORMAT = "2"
# dbt_project.yml keys holding paths (dbt resolves them against the project root).
PATH_KEYS = ("model-paths", "seed-paths", "macro-paths", "test-paths", "analysis-paths",
             "snapshot-paths", "docs-paths", "asset-paths", "function-paths")
_SKIPPED_DIRS = {"target", "logs", "dbt_packages", "__pycache__"}
KEEP_BUILDS = 3  # build directories kept per project (older ones are pruned)


@dataclass(frozen=True)
class DbtBuildInputs:
    """Where the rendered dbt graph comes from: the staged project and its manifest."""
    source_project: Path
    staged_project: Path
    manifest: Path
    fingerprint: str

    @property
    def profiles_yml(self) -> Path:
        return self.source_project / "profiles.yml"


def source_project_dir() -> Path:
    from diplomacy.dbt_build import dbt_project_dir

    return dbt_project_dir()


def builds_root(project: Path) -> Path:
    """DIPLOMACY_DBT_BUILD_DIR overrides where staged projects and manifests go."""
    override = os.environ.get("DIPLOMACY_DBT_BUILD_DIR")
    return Path(override).resolve() if override else project / "target" / "airflow"


def dbt_vars() -> dict[str, str]:
    from diplomacy.extract import EXTRACTOR_VERSION

    return {"extractor_version": EXTRACTOR_VERSION}


def dbt_env() -> dict[str, str]:
    """What profiles.yml and the models read from the environment. Computed where the
    DAG file is parsed, which for a task is its own worker: same settings as the run."""
    from diplomacy.extract import EXTRACTOR_VERSION

    return {"DIPLOMACY_WORKING_DB": str(settings().working_db),
            "DIPLOMACY_EXTRACTOR_VERSION": EXTRACTOR_VERSION}


# ---- fingerprint and staging --------------------------------------------------------
def _project_yaml(project: Path) -> dict:
    return yaml.safe_load((project / "dbt_project.yml").read_text(encoding="utf-8")) or {}


def _external_paths(project: Path, config: dict) -> dict[tuple[str, int], Path]:
    """(key, index) -> absolute path, for every configured path outside the project."""
    found = {}
    for key in PATH_KEYS:
        for index, entry in enumerate(config.get(key) or []):
            target = (project / entry).resolve()
            if not target.is_relative_to(project):
                found[(key, index)] = target
    return found


def _files_under(root: Path):
    if root.is_file():
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def fingerprint(project: Path) -> str:
    """Hash of everything `dbt parse` reads, plus the versions that shape its output."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    header = {"format": STAGING_FORMAT, "vars": dbt_vars(),
              "dbt-core": version("dbt-core"), "dbt-duckdb": version("dbt-duckdb")}
    digest.update(json.dumps(header, sort_keys=True).encode())
    roots = [project, *_external_paths(project, _project_yaml(project)).values()]
    for root in roots:
        for path in _files_under(root):
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _stage(project: Path, staged: Path) -> None:
    """A directory of symlinks to the project, with external paths pulled inside."""
    config = _project_yaml(project)
    staged.mkdir(parents=True)
    for child in sorted(project.iterdir()):
        if child.name in _SKIPPED_DIRS or child.name.startswith(".") or child.name == "dbt_project.yml":
            continue
        os.symlink(child, staged / child.name)
    external = _external_paths(project, config)
    if external:
        (staged / "_external").mkdir()
    for (key, index), target in external.items():
        link = Path("_external") / f"{key}_{index}"
        os.symlink(target, staged / link)
        config[key][index] = str(link)
    (staged / "dbt_project.yml").write_text(
        "# Generated by diplomacy.orchestration.dbt_graph from "
        f"{project / 'dbt_project.yml'}: edit that file, not this one.\n"
        + yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def _dbt_executable() -> list[str]:
    beside = Path(sys.executable).with_name("dbt")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("dbt")
    return [found] if found else [sys.executable, "-m", "dbt.cli.main"]


def _parse(staged: Path, profiles_dir: Path) -> None:
    env = {**os.environ, **dbt_env()}
    # The same profile, target, vars and parser flags as the Cosmos tasks pass: dbt
    # reuses this parse (partial_parse.msgpack) only if they hash the same.
    command = [*_dbt_executable(), "parse", "--project-dir", str(staged), "--profiles-dir", str(profiles_dir),
               "--profile", PROFILE_NAME, "--target", TARGET_NAME, "--no-static-parser",
               "--target-path", str(staged / "target"), "--log-path", str(staged / "logs"),
               "--vars", json.dumps(dbt_vars()), "--no-use-colors", "--quiet"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0 or not (staged / "target" / "manifest.json").exists():
        raise RuntimeError(f"dbt parse of {staged} failed (exit {done.returncode}):\n"
                           f"{(done.stdout + done.stderr)[-4000:]}")


def ensure_manifest(project: Path | None = None) -> DbtBuildInputs:
    """The staged project and manifest of the current dbt sources, made if missing."""
    apply_offline_env()
    project = (project or source_project_dir()).resolve()
    digest = fingerprint(project)
    root = builds_root(project)
    build = root / digest[:16]
    inputs = DbtBuildInputs(project, build / "project", build / "project" / "target" / "manifest.json", digest)
    if inputs.manifest.exists():
        return inputs
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one `dbt parse` at a time per project
        if inputs.manifest.exists():  # another process made it while we waited
            return inputs
        started = time.perf_counter()
        scratch = root / f".{digest[:16]}.{os.getpid()}.tmp"
        shutil.rmtree(scratch, ignore_errors=True)
        try:
            _stage(project, scratch / "project")
            _parse(scratch / "project", project)
            shutil.rmtree(build, ignore_errors=True)
            # The symlinks and the manifest do not depend on where the build directory
            # is (Cosmos reads the project path from the DAG, not the manifest).
            os.replace(scratch, build)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        _prune(root, keep=build)
        log.info("dbt manifest for %s built in %.1f s: %s", project, time.perf_counter() - started, inputs.manifest)
    return inputs


def _prune(root: Path, keep: Path) -> None:
    builds = sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [b for b in builds if b != keep][KEEP_BUILDS - 1:]:
        shutil.rmtree(old, ignore_errors=True)


def cross_model_tests(manifest: Path) -> list[str]:
    """Names of the tests no model or seed task runs: tests on several nodes (relationships,
    singular tests joining marts) and tests on sources only."""
    nodes = json.loads(manifest.read_text(encoding="utf-8"))["nodes"]

    def on_one_model(parents: list[str]) -> bool:
        return len(parents) == 1 and parents[0].split(".")[0] in ("model", "seed")

    return sorted(node["name"] for node in nodes.values()
                  if node["resource_type"] == "test"
                  and not on_one_model(node.get("depends_on", {}).get("nodes", [])))


# ---- the Airflow side ------------------------------------------------------------------
def task_id_of(node) -> str:
    """`dbt.int_events` for a model, `dbt.seed_countries` for a seed (within the group)."""
    kind = getattr(node.resource_type, "value", node.resource_type)
    return node.name if kind == "model" else f"{kind}_{node.name}"


def dbt_task_group(group_id: str = "dbt", outlets: list | None = None, inputs: DbtBuildInputs | None = None,
                   execution_timeout=None):
    """A Cosmos DbtTaskGroup of the dbt project plus the `cross_model_tests` task (which
    emits `outlets`: the marts are built and tested). Returns (group, cross_model_tests):
    wire `upstream >> group` and `cross_model_tests >> downstream`."""
    from diplomacy.orchestration.common import TIMEOUTS
    from diplomacy.orchestration.locking import acquire_task_lock, release_task_lock

    from cosmos import (DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig)
    from cosmos.constants import (ExecutionMode, InvocationMode, LoadMode, TestBehavior,
                                  TestIndirectSelection)
    from cosmos.operators.local import DbtTestLocalOperator

    inputs = inputs or ensure_manifest()
    profile = ProfileConfig(profile_name=PROFILE_NAME, target_name=TARGET_NAME,
                            profiles_yml_filepath=inputs.profiles_yml)
    operator_args = {
        "vars": dbt_vars(),
        "env": dbt_env(),
        "install_deps": False,  # offline: no dbt packages (STACK_NOTES)
        # Per-task savings measured under dag.test (docs/operations.md): no manifest.json /
        # run_results.json rewrite (~0.5 s), no adapter cache of every schema (~0.4 s).
        "dbt_cmd_flags": ["--no-write-json", "--no-populate-cache"],
        # Lineage is the Airflow Assets of orchestration.common (landing -> raw -> marts
        # -> published); per-table OpenLineage URIs for DuckDB files are not stable.
        "emit_datasets": False,
        # dbt opens the DuckDB file itself: hold the writer lock around the task.
        "pre_execute": acquire_task_lock,
        "post_execute": release_task_lock,
        "execution_timeout": execution_timeout or TIMEOUTS["dbt_model"],
    }
    group = DbtTaskGroup(
        group_id=group_id,
        project_config=ProjectConfig(dbt_project_path=inputs.staged_project, manifest_path=inputs.manifest,
                                     project_name=DBT_PROJECT_NAME, install_dbt_deps=False),
        profile_config=profile,
        execution_config=ExecutionConfig(execution_mode=ExecutionMode.LOCAL,
                                         invocation_mode=InvocationMode.DBT_RUNNER,
                                         test_indirect_selection=TestIndirectSelection.CAUTIOUS),
        render_config=RenderConfig(load_method=LoadMode.DBT_MANIFEST, test_behavior=TestBehavior.BUILD,
                                   emit_datasets=False, enable_mock_profile=False,
                                   # exposures (BI consumers) are documentation, not tasks
                                   exclude=["resource_type:exposure"],
                                   normalize_task_id=task_id_of, normalize_task_display_name=task_id_of),
        operator_args=operator_args,
    )
    selected = cross_model_tests(inputs.manifest)
    if not selected:  # `dbt test` without --select would run every test again
        from airflow.providers.standard.operators.empty import EmptyOperator

        tests = EmptyOperator(task_id="cross_model_tests", outlets=list(outlets or []))
        group >> tests
        return group, tests
    # The partial-parse cache of the group's tasks (a task outside the group has none).
    cache_dir = next((t.cache_dir for t in group.children.values() if getattr(t, "cache_dir", None)), None)
    tests = DbtTestLocalOperator(
        task_id="cross_model_tests",
        doc_md="dbt tests that join two or more models (relationships, singular tests), "
               "run once every model they read is built.",
        project_dir=str(inputs.staged_project),
        profile_config=profile,
        invocation_mode=InvocationMode.DBT_RUNNER,
        select=selected,
        outlets=list(outlets or []),
        cache_dir=cache_dir,
        **operator_args,
    )
    group >> tests
    return group, tests
