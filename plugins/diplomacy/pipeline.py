"""The pipeline's steps, one function each, in the order the DAGs run them.

Every step opens the working database, does one job, and closes it: DuckDB
allows one writer per file, and Airflow runs these steps as tasks sharing a
one-slot pool. Nothing here imports Airflow, so each step runs from a test,
the CLI or a notebook just as well."""
from __future__ import annotations

import logging
import re
import shutil
from dataclasses import asdict
from datetime import datetime, timezone

from diplomacy.config import Settings, apply_offline_env, settings as current_settings
from diplomacy.extract import EXTRACTOR_VERSION
from diplomacy.warehouse.db import working_db

log = logging.getLogger(__name__)


def safe_id(run_id: str) -> str:
    """Airflow run ids carry ':' and '+'; keep ids file- and SQL-friendly."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", run_id)


def land(load_id: str, cfg: Settings | None = None) -> dict:
    from diplomacy.landing import land_folder

    cfg = cfg or current_settings()
    if not cfg.landing_dir.is_dir():
        raise FileNotFoundError(f"landing folder {cfg.landing_dir} does not exist (set DIPLOMACY_LANDING_DIR or LANDING=)")
    with working_db(cfg.working_db) as con:
        summary = land_folder(con, cfg.landing_dir, load_id)
    return asdict(summary)


def validate_landing(load_id: str, cfg: Settings | None = None) -> dict:
    """Gate the landed batch. Its articles are extracted only if it passes; a
    failed batch stays in raw.articles for inspection, flagged in raw.loads."""
    from diplomacy.quality import record_validation, validate_landing as gate

    cfg = cfg or current_settings()
    with working_db(cfg.working_db) as con:
        result = gate(con, load_id, cfg.data_docs_dir, run_id=load_id)
        record_validation(con, result)
        con.execute("UPDATE raw.loads SET gate_success = ? WHERE load_id = ?", [result.success, load_id])
    result.raise_if_failed()
    return _gate_summary(result)


def link_stories(cfg: Settings | None = None) -> dict:
    from diplomacy.stories import link_new_articles

    cfg = cfg or current_settings()
    with working_db(cfg.working_db) as con:
        return asdict(link_new_articles(con))


def extract(cfg: Settings | None = None) -> dict:
    from diplomacy.extract.run import extract_pending

    cfg = cfg or current_settings()
    with working_db(cfg.working_db) as con:
        return asdict(extract_pending(con, EXTRACTOR_VERSION))


def build_marts(cfg: Settings | None = None) -> dict:
    from diplomacy.dbt_build import run_dbt_build

    apply_offline_env()
    cfg = cfg or current_settings()
    with working_db(cfg.working_db):
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
    with working_db(cfg.working_db) as con:
        result = gate(con, cfg.data_docs_dir, run_id=run_id)
        record_validation(con, result)
        if not result.success:
            con.execute("CHECKPOINT")
    if not result.success:
        kept = cfg.failed_loads_dir / f"{safe_id(run_id)}.duckdb"
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(cfg.working_db, kept)
        log.error("marts gate failed; the failing working database is kept at %s", kept)
    result.raise_if_failed()
    return _gate_summary(result)


def publish(cfg: Settings | None = None) -> dict:
    from diplomacy.publish import publish_snapshot

    cfg = cfg or current_settings()
    with working_db(cfg.working_db) as con:
        summary = publish_snapshot(con, cfg.published_db)
    log.info("published %s", cfg.published_db)
    return {"path": str(summary.path), "bytes": summary.bytes, "row_counts": dict(summary.row_counts)}


def _gate_summary(result) -> dict:
    return {"suite": result.suite, "success": result.success, "evaluated": result.evaluated,
            "failed": result.failed, "failed_expectations": list(result.failed_expectations),
            "data_docs": str(result.data_docs_index) if result.data_docs_index else None,
            "validated_at": datetime.now(timezone.utc).isoformat()}
