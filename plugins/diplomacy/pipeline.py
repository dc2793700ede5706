"""The pipeline's steps, one function each, in the order the DAGs run them.

Every step takes the working database's writer lock, opens the file, does one
job, and closes it: DuckDB allows one writing process per file. Under the
scheduler the one-slot Airflow pool already serialises the tasks; the lock
(diplomacy.warehouse.db.writer_lock) also serialises what the pool cannot see:
`dag.test()` runs (which ignore pools), two `make run` at once, a CLI next to
the scheduler. Nothing here imports Airflow, so each step runs from a test,
the CLI or a notebook just as well.

Write-audit-publish across steps: validate_marts records its verdict with a
fingerprint of the marts it judged, and publish copies the marts only if their
current fingerprint passed a gate, so a build of another run that lands
between this run's gate and its publish is never published unvalidated."""
from __future__ import annotations

import logging
import re
import shutil
from dataclasses import asdict
from datetime import datetime, timezone

from diplomacy.config import Settings, apply_offline_env, settings as current_settings
from diplomacy.extract import EXTRACTOR_VERSION
from diplomacy.warehouse.db import (marts_fingerprint, record_marts_verdict, verdict_for, working_db,
                                     writer_lock)

log = logging.getLogger(__name__)


def safe_id(run_id: str) -> str:
    """Airflow run ids carry ':' and '+'; keep ids file- and SQL-friendly."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", run_id)


def land(load_id: str, cfg: Settings | None = None) -> dict:
    from diplomacy.landing import land_folder

    cfg = cfg or current_settings()
    if not cfg.landing_dir.is_dir():
        raise FileNotFoundError(f"landing folder {cfg.landing_dir} does not exist (set DIPLOMACY_LANDING_DIR or LANDING=)")
    with working_db(cfg.working_db, purpose=f"land {load_id}") as con:
        summary = land_folder(con, cfg.landing_dir, load_id)
    return asdict(summary)


def validate_landing(load_id: str, cfg: Settings | None = None) -> dict:
    """Gate the landed batch. Its articles are extracted only if it passes; a
    failed batch stays in raw.articles for inspection, flagged in raw.loads."""
    from diplomacy.quality import record_validation, validate_landing as gate

    cfg = cfg or current_settings()
    with working_db(cfg.working_db, purpose=f"validate_landing {load_id}") as con:
        result = gate(con, load_id, cfg.data_docs_dir, run_id=load_id)
        record_validation(con, result)
        con.execute("UPDATE raw.loads SET gate_success = ? WHERE load_id = ?", [result.success, load_id])
    result.raise_if_failed()
    return _gate_summary(result)


def link_stories(cfg: Settings | None = None) -> dict:
    from diplomacy.stories import link_new_articles

    cfg = cfg or current_settings()
    with working_db(cfg.working_db, purpose="link_stories") as con:
        return asdict(link_new_articles(con))


def extract(cfg: Settings | None = None) -> dict:
    from diplomacy.extract.run import extract_pending

    cfg = cfg or current_settings()
    with working_db(cfg.working_db, purpose="extract") as con:
        return asdict(extract_pending(con, EXTRACTOR_VERSION))


def build_marts(cfg: Settings | None = None) -> dict:
    from diplomacy.dbt_build import run_dbt_build

    apply_offline_env()
    cfg = cfg or current_settings()
    # dbt opens the file itself: hold the writer lock around the whole build.
    with writer_lock(cfg.working_db, purpose="dbt build"):
        with working_db(cfg.working_db, purpose="dbt build"):
            pass  # the raw schema exists before dbt reads it as sources
        result = run_dbt_build(cfg.working_db, EXTRACTOR_VERSION, work_dir=cfg.work_dir / "dbt")
    return {"models_passed": result.models_passed, "tests_passed": result.tests_passed,
            "tests_warned": result.tests_warned, "seconds": round(result.elapsed_seconds, 1),
            "warnings": [str(w) for w in result.warnings][:20]}


def validate_marts(run_id: str, cfg: Settings | None = None) -> dict:
    """Gate the marts. On failure the working database is copied aside for
    inspection and the step raises, so publish never runs."""
    from diplomacy.quality import record_validation, validate_marts as gate

    cfg = cfg or current_settings()
    # One lock for the gate and the copy: no other writer changes the file in between.
    with writer_lock(cfg.working_db, purpose=f"validate_marts {run_id}"):
        with working_db(cfg.working_db, purpose=f"validate_marts {run_id}") as con:
            fingerprint = marts_fingerprint(con)
            result = gate(con, cfg.data_docs_dir, run_id=run_id)
            record_validation(con, result)
            record_marts_verdict(con, run_id, result.success, fingerprint)
            if not result.success:
                con.execute("CHECKPOINT")
        if not result.success:
            kept = cfg.failed_loads_dir / f"{safe_id(run_id)}.duckdb"
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(cfg.working_db, kept)
            log.error("marts gate failed; the failing working database is kept at %s", kept)
    result.raise_if_failed()
    return _gate_summary(result)


class NotValidated(RuntimeError):
    """The marts in the working database failed their gate: nothing is published."""


def publish(cfg: Settings | None = None) -> dict:
    """Publish the marts if, as they are now, they passed a gate.

    Marts that failed their gate raise NotValidated. Marts that no gate has
    judged (another run rebuilt them after this run's gate) are left for that
    run, which validates and publishes them: this step then publishes nothing,
    says so, and succeeds. Either way the published snapshot stays as it was."""
    from diplomacy.publish import publish_snapshot

    cfg = cfg or current_settings()
    with working_db(cfg.working_db, purpose="publish") as con:
        fingerprint = marts_fingerprint(con)
        verdict = verdict_for(con, fingerprint)
        if verdict is None:
            log.warning("not publishing: the marts in %s changed since they were last validated (another run "
                        "rebuilt them?); the run that built them validates and publishes them. "
                        "%s is left as it was.", cfg.working_db, cfg.published_db)
            return {"path": str(cfg.published_db), "published": False,
                    "reason": "the marts changed since they were last validated"}
        if not verdict.success:
            raise NotValidated(
                f"not publishing: the marts in {cfg.working_db} failed their gate in run {verdict.run_id} "
                f"(see audit.validation_runs and {cfg.data_docs_dir / 'index.html'}); "
                f"{cfg.published_db} is left as it was")
        summary = publish_snapshot(con, cfg.published_db)
    log.info("published %s (marts validated by run %s)", cfg.published_db, verdict.run_id)
    return {"path": str(summary.path), "published": True, "validated_by": verdict.run_id,
            "bytes": summary.bytes, "row_counts": dict(summary.row_counts)}


def publish_docs(cfg: Settings | None = None, published: dict | None = None) -> dict:
    """The dbt docs site of the marts (WAREHOUSE/dbt_docs/index.html), beside the Data
    Docs: `dbt docs generate --static` against the working database, under its writer
    lock (dbt opens the file to read the catalog; publish has just copied these marts,
    so the catalog's columns and types are the published ones).

    published: publish's summary. If publish published nothing (the marts changed since
    their gate), the docs are left as they are: they describe the published snapshot.
    The snapshot is already published when this runs: a docs failure is logged, recorded
    in WAREHOUSE/dbt_docs/status.json (the previous page is kept) and shown by the run
    summary; it is never raised."""
    from diplomacy.dbt_build import generate_dbt_docs, read_docs_status, write_docs_status

    cfg = cfg or current_settings()
    if published is not None and not published.get("published"):
        log.info("dbt docs left as they are: nothing was published (%s)", published.get("reason", "no reason given"))
        return {"generated": False, "skipped": True, "reason": "nothing was published"}
    attempted_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    try:
        with writer_lock(cfg.working_db, purpose="dbt docs generate"):
            index = generate_dbt_docs(cfg.working_db, EXTRACTOR_VERSION, cfg.dbt_docs_dir,
                                      work_dir=cfg.work_dir / "dbt_docs")
    except Exception as error:  # noqa: BLE001 - documentation never fails a published load
        message = f"{type(error).__name__}: {error}"[:1000]
        log.warning("dbt docs were not generated: %s", message)
        page = cfg.dbt_docs_dir / "index.html"
        previous = read_docs_status(cfg.dbt_docs_dir) or {}
        outcome = {"generated": False, "attempted_at": attempted_at, "error": message,
                   "page": str(page) if page.is_file() else None,
                   "page_generated_at": previous.get("page_generated_at") if page.is_file() else None}
    else:
        log.info("dbt docs: %s", index)
        outcome = {"generated": True, "attempted_at": attempted_at, "error": None,
                   "page": str(index), "page_generated_at": attempted_at}
    try:
        write_docs_status(cfg.dbt_docs_dir, outcome)
    except OSError as error:
        log.warning("could not record the dbt docs outcome in %s: %s", cfg.dbt_docs_dir, error)
    return outcome


def _gate_summary(result) -> dict:
    return {"suite": result.suite, "success": result.success, "evaluated": result.evaluated,
            "failed": result.failed, "failed_expectations": list(result.failed_expectations),
            "data_docs": str(result.data_docs_index) if result.data_docs_index else None,
            "validated_at": datetime.now(timezone.utc).isoformat()}
