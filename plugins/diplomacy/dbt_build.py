"""Run the dbt project (dbt_project/) in-process against the working database.

    result = run_dbt_build(settings().working_db, EXTRACTOR_VERSION)

dbt runs in this process through `dbt.cli.main.dbtRunner` (≈ 2 s of start-up saved
per call against the CLI). It opens the DuckDB file itself, with the same
connection config as diplomacy.warehouse.db (profiles.yml `config_options`), so a
connection the caller still holds in this process does not make it fail; dbt closes
its own connection when the build ends (`keep_open: false`). Another *process*
holding the file read-write still blocks it: DuckDB has one writer per file.

target/ and logs/ go to a directory of the caller's (default: `dbt/` next to the
working database), so parallel runs on different warehouses never share them.
"""
from __future__ import annotations

import json
import os
import shutil
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Sequence

from diplomacy.config import PROJECT_ROOT, apply_offline_env

__all__ = ["DBT_PROJECT_DIR", "DOCS_STATUS_FILE", "DbtBuildError", "DbtResult", "dbt_project_dir", "generate_dbt_docs",
           "read_docs_status", "run_dbt_build", "write_docs_status"]

DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"

# dbt's in-process runner is not re-entrant and we swap environment variables around it.
_LOCK = threading.Lock()


def dbt_project_dir() -> Path:
    """The dbt project (also holds profiles.yml); DIPLOMACY_DBT_PROJECT_DIR overrides."""
    return Path(os.environ.get("DIPLOMACY_DBT_PROJECT_DIR") or DBT_PROJECT_DIR).resolve()


@dataclass(frozen=True)
class NodeResult:
    unique_id: str
    resource_type: str  # model, test, seed, ...
    status: str  # success, pass, warn, fail, error, skipped
    message: str | None = None
    failures: int | None = None


@dataclass(frozen=True)
class DbtResult:
    success: bool
    models_passed: int
    tests_passed: int
    seeds_passed: int
    tests_warned: int
    skipped: int
    elapsed_seconds: float
    target_path: Path
    log_path: Path
    nodes: tuple[NodeResult, ...] = field(default=(), repr=False)

    @property
    def failed(self) -> tuple[NodeResult, ...]:
        return tuple(n for n in self.nodes if n.status in ("error", "fail", "runtime error"))

    @property
    def warnings(self) -> tuple[NodeResult, ...]:
        return tuple(n for n in self.nodes if n.status == "warn")


class DbtBuildError(RuntimeError):
    """dbt build failed; `failed_nodes` names every model/test that failed or errored."""

    def __init__(self, message: str, result: DbtResult | None = None, failed_nodes: Sequence[str] = ()):
        super().__init__(message)
        self.result = result
        self.failed_nodes = list(failed_nodes)


def run_dbt_build(
    working_db_path: Path | str,
    extractor_version: str,
    select: str | Sequence[str] | None = None,
    work_dir: Path | str | None = None,
    *,
    exclude: str | Sequence[str] | None = None,
    full_refresh: bool = False,
) -> DbtResult:
    """`dbt build` (seeds, models, tests) into the working database.

    select/exclude: dbt node selection (e.g. "+fct_diplomatic_events", ["marts", "staging"]).
    work_dir: where dbt writes target/ and logs/ (default: <working db dir>/dbt).
    Returns counts of what passed; raises DbtBuildError naming the failed nodes."""
    from dbt.cli.main import dbtRunner  # heavy import: only when building

    db_path = Path(working_db_path).resolve()
    if not db_path.exists():
        raise FileNotFoundError(f"working database {db_path} does not exist (land and extract first)")
    project_dir = dbt_project_dir()
    base = Path(work_dir).resolve() if work_dir is not None else db_path.parent / "dbt"
    target_path, log_path = base / "target", base / "logs"
    target_path.mkdir(parents=True, exist_ok=True)
    log_path.mkdir(parents=True, exist_ok=True)

    args = [
        "build",
        "--project-dir", str(project_dir),
        "--profiles-dir", str(project_dir),
        "--target-path", str(target_path),
        "--log-path", str(log_path),
        "--vars", json.dumps({"extractor_version": extractor_version}),
        "--no-use-colors",
    ]
    for flag, value in (("--select", select), ("--exclude", exclude)):
        if value:
            args += [flag, *([value] if isinstance(value, str) else list(value))]
    if full_refresh:
        args.append("--full-refresh")

    apply_offline_env()
    started = time.perf_counter()
    with _LOCK, _env(DIPLOMACY_WORKING_DB=str(db_path), DIPLOMACY_EXTRACTOR_VERSION=extractor_version):
        outcome = dbtRunner().invoke(args)
    elapsed = time.perf_counter() - started

    nodes = tuple(_node_results(outcome.result))
    result = DbtResult(
        success=bool(outcome.success),
        models_passed=sum(1 for n in nodes if n.resource_type == "model" and n.status == "success"),
        tests_passed=sum(1 for n in nodes if n.resource_type in ("test", "unit_test") and n.status == "pass"),
        seeds_passed=sum(1 for n in nodes if n.resource_type == "seed" and n.status == "success"),
        tests_warned=sum(1 for n in nodes if n.status == "warn"),
        skipped=sum(1 for n in nodes if n.status == "skipped"),
        elapsed_seconds=round(elapsed, 2),
        target_path=target_path,
        log_path=log_path,
        nodes=nodes,
    )
    if outcome.exception is not None:  # dbt itself failed (parse error, profile, connection)
        raise DbtBuildError(
            f"dbt build could not run: {outcome.exception} (logs: {log_path / 'dbt.log'})", result
        ) from outcome.exception
    if not result.success or result.failed:
        failed = [f"{n.unique_id} [{n.status}]: {_short(n.message)}" for n in result.failed]
        names = ", ".join(n.unique_id for n in result.failed) or "unknown nodes"
        raise DbtBuildError(
            f"dbt build failed: {len(failed)} node(s) failed: {names}; "
            f"{result.skipped} skipped (logs: {log_path / 'dbt.log'})\n" + "\n".join(failed),
            result,
            [n.unique_id for n in result.failed],
        )
    return result


def generate_dbt_docs(working_db_path: Path | str, extractor_version: str, out_dir: Path | str,
                      work_dir: Path | str | None = None) -> Path:
    """`dbt docs generate --static` against the built working database, written as
    out_dir/index.html: one self-contained page (manifest and catalog inlined, so it
    opens from disk or any static server) with every model's description, columns and
    their types as built, tests, lineage and the exposures. manifest.json and
    catalog.json are copied beside it for tools that read them. The caller holds the
    writer lock: dbt opens the file to read its catalog. Raises DbtBuildError."""
    from dbt.cli.main import dbtRunner

    db_path = Path(working_db_path).resolve()
    if not db_path.exists():
        raise FileNotFoundError(f"working database {db_path} does not exist (build the marts first)")
    project_dir = dbt_project_dir()
    base = Path(work_dir).resolve() if work_dir is not None else db_path.parent / "dbt_docs"
    target_path, log_path = base / "target", base / "logs"
    page = target_path / "static_index.html"
    page.unlink(missing_ok=True)  # a page left by an earlier invocation is never taken for this one's
    args = ["docs", "generate", "--static",
            "--project-dir", str(project_dir), "--profiles-dir", str(project_dir),
            "--target-path", str(target_path), "--log-path", str(log_path),
            "--vars", json.dumps({"extractor_version": extractor_version}), "--no-use-colors"]
    apply_offline_env()
    with _LOCK, _env(DIPLOMACY_WORKING_DB=str(db_path), DIPLOMACY_EXTRACTOR_VERSION=extractor_version):
        outcome = dbtRunner().invoke(args)
    if outcome.exception is not None or not outcome.success or not page.is_file():
        raise DbtBuildError(f"dbt docs generate failed: {outcome.exception or 'no static page written'} "
                            f"(logs: {log_path / 'dbt.log'})")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for source, name in ((target_path / "manifest.json", "manifest.json"),
                         (target_path / "catalog.json", "catalog.json"), (page, "index.html")):
        staged = out / f".{name}.tmp"
        shutil.copyfile(source, staged)
        os.replace(staged, out / name)  # a reader never sees half a page
    return out / "index.html"


# The outcome of the last attempt to (re)generate out_dir/index.html, beside it: a failed
# attempt keeps the previous page, and this file is how the run summary and the dashboard
# know that the page is older than the published snapshot.
DOCS_STATUS_FILE = "status.json"


def write_docs_status(out_dir: Path | str, status: dict) -> Path:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    staged = out / f".{DOCS_STATUS_FILE}.tmp"
    staged.write_text(json.dumps(status, indent=2, default=str) + "\n")
    os.replace(staged, out / DOCS_STATUS_FILE)
    return out / DOCS_STATUS_FILE


def read_docs_status(out_dir: Path | str) -> dict | None:
    """The last attempt's outcome; None if no attempt was recorded (or it is unreadable)."""
    try:
        status = json.loads((Path(out_dir) / DOCS_STATUS_FILE).read_text())
    except (OSError, ValueError):
        return None
    return status if isinstance(status, dict) else None


def _node_results(run_result) -> Iterator[NodeResult]:
    for r in getattr(run_result, "results", None) or []:
        node = getattr(r, "node", None)
        if node is None:
            continue
        status = getattr(r.status, "value", r.status)
        yield NodeResult(
            unique_id=node.unique_id,
            resource_type=str(getattr(node.resource_type, "value", node.resource_type)),
            status=str(status).lower(),
            message=r.message,
            failures=r.failures,
        )


def _short(message: str | None, limit: int = 500) -> str:
    message = " ".join((message or "").split())
    return message if len(message) <= limit else message[: limit - 3] + "..."


@contextmanager
def _env(**values: str) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old
