"""The summary printed at the end of a run: what landed, what was rejected,
what the published warehouse now holds, and whether the gates passed."""
from __future__ import annotations

from pathlib import Path

from diplomacy.config import Settings
from diplomacy.dbt_build import read_docs_status
from diplomacy.warehouse.db import connect, working_db


def run_summary(cfg: Settings, load_ids: list[str]) -> dict:
    summary: dict = {"published_db": str(cfg.published_db), "working_db": str(cfg.working_db),
                     "data_docs": str(cfg.data_docs_dir / "index.html"),
                     "dbt_docs": str(cfg.dbt_docs_dir / "index.html"),
                     "dbt_docs_present": (cfg.dbt_docs_dir / "index.html").is_file(),
                     "dbt_docs_status": read_docs_status(cfg.dbt_docs_dir)}
    if cfg.working_db.exists():
        # Read-write open of the working file: take the writer lock like every step does.
        with working_db(cfg.working_db, purpose="run summary") as con:
            summary["loads"] = _dicts(con, """
                SELECT load_id, files_seen, records_seen, articles_landed, duplicates, rejected, gate_success
                FROM raw.loads WHERE load_id IN (SELECT unnest(?)) ORDER BY started_at""", [load_ids])
            # Quarantine is idempotent: a file rejected by an earlier load is listed from that load.
            summary["rejections"] = _dicts(con, """
                SELECT source_file, source_record, reason, load_id IN (SELECT unnest(?)) AS in_this_run
                FROM raw.rejected_inputs ORDER BY rejected_at DESC, source_file LIMIT 20""", [load_ids])
            summary["gates"] = _dicts(con, """
                SELECT suite, success, evaluated, failed, failed_expectations, run_id
                FROM audit.validation_runs WHERE run_id IN (SELECT unnest(?)) ORDER BY validated_at""", [load_ids])
    if cfg.published_db.exists():
        con = connect(cfg.published_db, read_only=True)
        try:
            summary["warehouse"] = _dicts(con, """
                SELECT (SELECT count(*) FROM marts.dim_articles) AS articles,
                       (SELECT count(DISTINCT story_id) FROM marts.dim_articles) AS stories,
                       (SELECT count(*) FROM marts.fct_diplomatic_events) AS events,
                       (SELECT count(*) FILTER (WHERE status = 'scheduled') FROM marts.fct_diplomatic_events) AS scheduled,
                       (SELECT count(*) FILTER (WHERE status = 'occurred') FROM marts.fct_diplomatic_events) AS occurred,
                       (SELECT count(*) FROM marts.fct_country_partner_relationships) AS relationships,
                       (SELECT count(*) FROM audit.rejected_inputs) AS rejected_inputs""", [])[0]
        finally:
            con.close()
    return summary


def _dicts(con, sql: str, params: list) -> list[dict]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def format_summary(summary: dict, outcomes: list | None = None) -> str:
    lines = ["", "=== Central Asia diplomacy warehouse: run summary ==="]
    for outcome in outcomes or []:
        mark = "ok " if outcome.state == "success" else "FAILED"
        extra = f" (failed tasks: {', '.join(outcome.failed_tasks)})" if outcome.failed_tasks else ""
        lines.append(f"  DAG {outcome.dag_id:<17} {mark} run {outcome.run_id}{extra}")
    for load in summary.get("loads", []):
        lines.append(f"  Landing: {load['files_seen']} files seen, {load['articles_landed']} articles landed, "
                     f"{load['duplicates']} duplicates skipped, {load['rejected']} rejected")
    for rejection in summary.get("rejections", []):
        record = f" [{rejection['source_record']}]" if rejection["source_record"] else ""
        earlier = "" if rejection["in_this_run"] else " (quarantined by an earlier load)"
        lines.append(f"    rejected {rejection['source_file']}{record}: {rejection['reason']}{earlier}")
    for gate in summary.get("gates", []):
        verdict = "passed" if gate["success"] else "FAILED"
        lines.append(f"  Gate {gate['suite']:<8} {verdict}: {gate['evaluated']} expectations, {gate['failed']} failed")
        for name in gate["failed_expectations"] or []:
            lines.append(f"    failed: {name}")
    warehouse = summary.get("warehouse")
    if warehouse:
        lines.append(f"  Published: {warehouse['articles']} articles in {warehouse['stories']} stories, "
                     f"{warehouse['events']} events ({warehouse['occurred']} occurred, {warehouse['scheduled']} scheduled), "
                     f"{warehouse['relationships']} relationships")
    else:
        lines.append("  Published: nothing yet (no load has passed the gates)")
    lines.append(f"  Published database : {summary['published_db']}")
    lines.append(f"  Data-quality report: {summary['data_docs']}")
    if summary.get("dbt_docs"):
        lines.extend(_dbt_docs_lines(summary))
    lines.append(f"  Query it: duckdb -readonly {Path(summary['published_db'])} \"SELECT * FROM marts.fct_diplomatic_events\"")
    return "\n".join(lines)


def _dbt_docs_lines(summary: dict) -> list[str]:
    """Where the dbt docs are, and whether the last attempt to regenerate them failed
    (publish_docs keeps the previous page then: it would otherwise pass for current)."""
    status = summary.get("dbt_docs_status") or {}
    line = f"  Table docs (dbt)   : {summary['dbt_docs']}"
    if status.get("generated") is False:
        error = " ".join(str(status.get("error") or "unknown error").split())[:300]
        if summary.get("dbt_docs_present"):
            since = status.get("page_generated_at") or "an earlier run"
            return [f"{line}  (STALE: regenerating failed at {status.get('attempted_at')}; "
                    f"this page is from {since})", f"    dbt docs error: {error}"]
        return [f"{line}  (NOT GENERATED: failed at {status.get('attempted_at')})", f"    dbt docs error: {error}"]
    if not summary.get("dbt_docs_present"):
        return [f"{line}  (not generated yet: `make docs` makes them)"]
    return [line]
