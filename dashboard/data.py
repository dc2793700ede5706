"""Data access for the dashboard: every query the app runs, against the
published snapshot only, opened read-only.

Rules kept here so the pages cannot break them:
- One connection per query, closed at once. The pipeline replaces the snapshot
  with os.replace(); a new connection sees the new file, so the next rerun of
  the app shows a re-published load without a restart.
- SQL is fixed text. Values chosen in the filters travel as parameters (`?`),
  never inside the SQL string; the WHERE clause is assembled from constant
  fragments only.
- No Airflow, no Streamlit: the module is plain Python over DuckDB and pandas,
  so the tests and other tools can use it too.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import urlsplit

import duckdb
import pandas as pd

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DB_FILENAME = "diplomacy.duckdb"
WAREHOUSE_ENV = "DIPLOMACY_WAREHOUSE_DIR"
# Set by `python -m dashboard`, which serves WAREHOUSE/data_docs and WAREHOUSE/dbt_docs on loopback ports.
DATA_DOCS_URL_ENV = "DIPLOMACY_DATA_DOCS_URL"
DBT_DOCS_URL_ENV = "DIPLOMACY_DBT_DOCS_URL"

CENTRAL_ASIAN_STATES = ("KZ", "UZ", "KG", "TJ", "TM")
EVENT_TYPES = (
    "summit", "state_visit", "bilateral_meeting", "agreement_or_joint_statement",
    "ministerial_meeting", "business_forum", "other",
)
# Filter value standing for events among Central Asian states only (partner_code IS NULL).
NO_PARTNER = "(none)"
NO_PARTNER_LABEL = "Central Asia only (no outside partner)"

# Tables the pages need; a file without them is not a published warehouse.
REQUIRED_TABLES = (
    "marts.dim_countries", "marts.dim_partners", "marts.dim_articles",
    "marts.fct_diplomatic_events", "marts.bridge_event_participants",
    "marts.fct_event_evidence", "marts.fct_country_partner_relationships",
    "audit.validation_runs", "audit.rejected_inputs",
)

# No query may try to download an extension (offline machines, STACK_NOTES).
_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


class WarehouseError(Exception):
    """The published file is missing or cannot be read; str() is a message for a person."""


# --------------------------------------------------------------------------- paths

def resolve_warehouse(value: str | os.PathLike | None = None) -> Path:
    """The published DuckDB file from a folder or a file path; default: the
    DIPLOMACY_WAREHOUSE_DIR environment variable, else ./warehouse of the project."""
    raw = value if value not in (None, "") else os.environ.get(WAREHOUSE_ENV) or PROJECT_ROOT / "warehouse"
    path = Path(raw).expanduser()
    if not path.is_absolute():
        path = Path.cwd() / path
    if path.suffix == ".duckdb" or path.is_file():
        return path
    return path / DB_FILENAME


def data_docs_index(db_path: Path) -> Path:
    """Great Expectations Data Docs published beside the snapshot."""
    return db_path.parent / "data_docs" / "index.html"


def dbt_docs_index(db_path: Path) -> Path:
    """The dbt docs site (every mart, its columns, tests and lineage) beside the snapshot."""
    return db_path.parent / "dbt_docs" / "index.html"


def dbt_docs_status(db_path: Path) -> dict | None:
    """The pipeline's record of its last attempt to regenerate the dbt docs
    (dbt_docs/status.json: generated, attempted_at, error, page_generated_at); None if none."""
    try:
        status = json.loads((dbt_docs_index(db_path).parent / "status.json").read_text())
    except (OSError, ValueError):
        return None
    return status if isinstance(status, dict) else None


# ----------------------------------------------------------------------- querying

def connect(db_path: Path) -> duckdb.DuckDBPyConnection:
    if not db_path.is_file():
        raise WarehouseError(
            f"No published warehouse at {db_path}. Build one with `make run WAREHOUSE={db_path.parent}`, "
            f"or point {WAREHOUSE_ENV} (or `make dashboard WAREHOUSE=...`) at the folder that holds {DB_FILENAME}."
        )
    try:
        return duckdb.connect(str(db_path), read_only=True, config=dict(_CONFIG))
    except duckdb.Error as error:  # not a DuckDB file, a newer storage version, locked by a writer ...
        raise WarehouseError(f"The file {db_path} could not be opened read-only as a DuckDB warehouse: {error}") from error


def query(db_path: Path, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    """Run one parameterised query on a fresh read-only connection."""
    con = connect(db_path)
    try:
        return con.execute(sql, list(params)).df()
    except duckdb.CatalogException as error:
        raise WarehouseError(f"{db_path} does not hold the expected marts ({error}).") from error
    finally:
        con.close()


def scalar(db_path: Path, sql: str, params: Sequence[Any] = ()) -> Any:
    con = connect(db_path)
    try:
        row = con.execute(sql, list(params)).fetchone()
        return row[0] if row else None
    except duckdb.CatalogException as error:
        raise WarehouseError(f"{db_path} does not hold the expected marts ({error}).") from error
    finally:
        con.close()


@dataclass(frozen=True)
class WarehouseStatus:
    path: Path
    ok: bool                       # readable and holds the contract's tables
    message: str = ""              # why not, for a person
    n_events: int = 0
    n_articles: int = 0
    published_at: float | None = None  # mtime of the snapshot

    @property
    def empty(self) -> bool:
        return self.ok and self.n_events == 0


def warehouse_status(db_path: Path) -> WarehouseStatus:
    """Can the dashboard show this file? Never raises."""
    try:
        con = connect(db_path)
    except WarehouseError as error:
        return WarehouseStatus(db_path, ok=False, message=str(error))
    try:
        present = {
            f"{schema}.{name}"
            for schema, name in con.execute(
                "SELECT table_schema, table_name FROM information_schema.tables"
            ).fetchall()
        }
        missing = [t for t in REQUIRED_TABLES if t not in present]
        if missing:
            return WarehouseStatus(
                db_path, ok=False,
                message=f"{db_path} is not a published diplomacy warehouse: missing {', '.join(missing)}.",
            )
        n_events = con.execute("SELECT count(*) FROM marts.fct_diplomatic_events").fetchone()[0]
        n_articles = con.execute("SELECT count(*) FROM marts.dim_articles").fetchone()[0]
        return WarehouseStatus(db_path, ok=True, n_events=n_events, n_articles=n_articles,
                               published_at=db_path.stat().st_mtime)
    except duckdb.Error as error:
        return WarehouseStatus(db_path, ok=False, message=f"{db_path} could not be read: {error}")
    finally:
        con.close()


# ------------------------------------------------------------------------ filters

@dataclass(frozen=True)
class Filters:
    """What the sidebar selects. Empty tuples mean "all"."""
    partners: tuple[str, ...] = ()   # partner codes; NO_PARTNER for events without one
    states: tuple[str, ...] = ()     # Central Asian iso2 codes taking part
    types: tuple[str, ...] = ()      # event types
    date_from: date | None = None    # events whose period overlaps [date_from, date_to]
    date_to: date | None = None
    include_undated: bool = True     # events no text dates

    @property
    def active(self) -> bool:
        return bool(self.partners or self.states or self.types or self.date_from or self.date_to
                    or not self.include_undated)


def event_where(f: Filters) -> tuple[str, list[Any]]:
    """WHERE clause over marts.fct_diplomatic_events aliased `e`: constant SQL
    fragments, the chosen values as parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    if f.partners:
        codes = [p for p in f.partners if p != NO_PARTNER]
        clauses.append("(list_contains(?::VARCHAR[], e.partner_code) OR (? AND e.partner_code IS NULL))")
        params += [codes, NO_PARTNER in f.partners]
    if f.states:
        clauses.append(
            "EXISTS (SELECT 1 FROM marts.bridge_event_participants fp "
            "WHERE fp.event_id = e.event_id AND list_contains(?::VARCHAR[], fp.iso2))"
        )
        params.append(list(f.states))
    if f.types:
        clauses.append("list_contains(?::VARCHAR[], e.event_type)")
        params.append(list(f.types))
    dated: list[str] = []
    if f.date_from is not None:
        # The period a vague date denotes ends at period_end ("April 2025" overlaps 2025-04-20).
        dated.append("coalesce(e.period_end, e.date_end, e.date_start) >= ?")
        params.append(f.date_from)
    if f.date_to is not None:
        dated.append("e.date_start <= ?")
        params.append(f.date_to)
    if dated:
        clauses.append(f"((e.date_start IS NOT NULL AND {' AND '.join(dated)}) OR (e.date_start IS NULL AND ?))")
        params.append(f.include_undated)
    elif not f.include_undated:
        clauses.append("e.date_start IS NOT NULL")
    return (" AND ".join(clauses) or "TRUE"), params


# ---------------------------------------------------------------------- formatting

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _one(value: Any, precision: str) -> str:
    if precision == "year":
        return f"{value.year}"
    if precision == "month":
        return f"{_MONTHS[value.month - 1]} {value.year}"
    return value.isoformat()


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def format_date(date_start: Any, date_end: Any = None, precision: Any = None) -> str:
    """A date as precise as the text gave it: 2026-03-16, "April 2025", "2025",
    a range "2026-03-16 – 2026-03-17", or "undated"."""
    if _missing(date_start):
        return "undated"
    precision = "day" if _missing(precision) else str(precision)
    start = pd.Timestamp(date_start).date()
    text = _one(start, precision)
    if not _missing(date_end):
        end = pd.Timestamp(date_end).date()
        if end != start:
            text += f" – {_one(end, precision)}"
    return text


def safe_url(url: Any) -> str | None:
    """An article URL fit for a link: http(s) with a host, else None (no
    javascript:, data:, file: or relative links from untrusted text)."""
    if _missing(url):
        return None
    text = str(url).strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c in text for c in "\r\n\t <>\"'`"):
        return None
    return text


# -------------------------------------------------------------------------- queries

def filter_options(db_path: Path) -> dict[str, Any]:
    """Values the sidebar offers: partners that have events, the states, the
    types, and the span of event dates."""
    partners = query(db_path, """
        SELECT p.partner_code, p.name, count(*) AS n_events
        FROM marts.fct_diplomatic_events e
        JOIN marts.dim_partners p ON p.partner_code = e.partner_code
        GROUP BY ALL ORDER BY n_events DESC, p.name
    """)
    has_intra = scalar(db_path, "SELECT count(*) > 0 FROM marts.fct_diplomatic_events WHERE partner_code IS NULL")
    states = query(db_path, """
        SELECT iso2, name FROM marts.dim_countries
        WHERE is_central_asian ORDER BY name
    """)
    span = query(db_path, """
        SELECT min(date_start) AS first, max(coalesce(period_end, date_end, date_start)) AS last
        FROM marts.fct_diplomatic_events
    """).iloc[0]
    partner_names = dict(zip(partners["partner_code"], partners["name"]))
    partner_codes = list(partners["partner_code"])
    if has_intra:
        partner_codes.append(NO_PARTNER)
        partner_names[NO_PARTNER] = NO_PARTNER_LABEL
    return {
        "partners": partner_codes,
        "partner_names": partner_names,
        "states": list(states["iso2"]),
        "state_names": dict(zip(states["iso2"], states["name"])),
        "types": list(EVENT_TYPES),
        "first_date": None if pd.isna(span["first"]) else pd.Timestamp(span["first"]).date(),
        "last_date": None if pd.isna(span["last"]) else pd.Timestamp(span["last"]).date(),
    }


def partner_names(db_path: Path) -> dict[str, str]:
    names = query(db_path, "SELECT partner_code, name FROM marts.dim_partners")
    return dict(zip(names["partner_code"], names["name"]))


def events(db_path: Path, f: Filters) -> pd.DataFrame:
    """The events the filters select, with partner name, participants and a
    date label at its precision. Ordered by date (undated last)."""
    where, params = event_where(f)
    frame = query(db_path, f"""
        SELECT e.event_id, e.event_type, e.status, e.partner_code,
               p.name AS partner,
               e.host_code, e.location_city, e.date_start, e.date_end, e.date_precision,
               coalesce(e.period_end, e.date_end, e.date_start) AS period_end,
               e.is_first, e.level, e.n_articles, e.n_stories, e.first_reported_at, e.confidence,
               (SELECT string_agg(bp.iso2, ', ' ORDER BY bp.iso2)
                  FROM marts.bridge_event_participants bp WHERE bp.event_id = e.event_id) AS participants
        FROM marts.fct_diplomatic_events e
        LEFT JOIN marts.dim_partners p ON p.partner_code = e.partner_code
        WHERE {where}
        ORDER BY e.date_start NULLS LAST, e.event_type, e.event_id
    """, params)
    frame["partner"] = frame["partner"].fillna(NO_PARTNER_LABEL)
    frame.insert(3, "date", [format_date(s, e, p) for s, e, p in
                             zip(frame["date_start"], frame["date_end"], frame["date_precision"])])
    return frame


def event_counts(db_path: Path, f: Filters) -> dict[str, int]:
    where, params = event_where(f)
    row = query(db_path, f"""
        SELECT count(*) AS events,
               count(*) FILTER (WHERE e.status = 'occurred') AS occurred,
               count(*) FILTER (WHERE e.status = 'scheduled') AS scheduled,
               count(DISTINCT e.partner_code) AS partners
        FROM marts.fct_diplomatic_events e WHERE {where}
    """, params).iloc[0]
    return {k: int(row[k]) for k in ("events", "occurred", "scheduled", "partners")}


def matrix_events(db_path: Path, f: Filters) -> pd.DataFrame:
    """Long form: partner × Central Asian state → events, occurred, scheduled.
    Events without an outside partner are left out (they have no column partner)."""
    where, params = event_where(f)
    state_clause, state_params = "TRUE", []
    if f.states:  # the matrix shows only the chosen states' columns
        state_clause, state_params = "list_contains(?::VARCHAR[], bp.iso2)", [list(f.states)]
    return query(db_path, f"""
        SELECT e.partner_code, p.name AS partner, bp.iso2,
               count(DISTINCT e.event_id) AS events,
               count(DISTINCT e.event_id) FILTER (WHERE e.status = 'occurred') AS occurred,
               count(DISTINCT e.event_id) FILTER (WHERE e.status = 'scheduled') AS scheduled
        FROM marts.fct_diplomatic_events e
        JOIN marts.bridge_event_participants bp ON bp.event_id = e.event_id
        JOIN marts.dim_partners p ON p.partner_code = e.partner_code
        WHERE {where} AND {state_clause}
        GROUP BY ALL
        ORDER BY e.partner_code, bp.iso2
    """, params + state_params)


def relationships(db_path: Path, f: Filters) -> pd.DataFrame:
    """Relationships of the chosen partners and states (type and date filters do
    not apply: a relationship is not an event)."""
    clauses, params = [], []
    if f.partners:
        clauses.append("list_contains(?::VARCHAR[], r.partner_code)")
        params.append([p for p in f.partners if p != NO_PARTNER])
    if f.states:
        clauses.append("list_contains(?::VARCHAR[], r.ca_iso2)")
        params.append(list(f.states))
    where = " AND ".join(clauses) or "TRUE"
    return query(db_path, f"""
        SELECT r.partner_code, p.name AS partner, r.ca_iso2 AS iso2, r.relation, r.value, r.since,
               r.n_events, r.first_event_date, r.last_event_date, r.is_region_level,
               r.evidence_sentence, a.title AS evidence_title, a.outlet AS evidence_outlet,
               a.url AS evidence_url
        FROM marts.fct_country_partner_relationships r
        LEFT JOIN marts.dim_partners p ON p.partner_code = r.partner_code
        LEFT JOIN marts.dim_articles a ON a.article_id = r.evidence_article_id
        WHERE {where}
        ORDER BY r.partner_code, r.ca_iso2, r.relation
    """, params)


def event(db_path: Path, event_id: str) -> dict[str, Any] | None:
    frame = query(db_path, """
        SELECT e.*, p.name AS partner,
               coalesce(hc.name, hp.name, e.host_code) AS host
        FROM marts.fct_diplomatic_events e
        LEFT JOIN marts.dim_partners p ON p.partner_code = e.partner_code
        LEFT JOIN marts.dim_countries hc ON hc.iso2 = e.host_code
        LEFT JOIN marts.dim_partners hp ON hp.partner_code = e.host_code
        WHERE e.event_id = ?
    """, [event_id])
    if frame.empty:
        return None
    row = frame.iloc[0].to_dict()
    if _missing(row["partner"]):
        row["partner"] = NO_PARTNER_LABEL
    row["date"] = format_date(row["date_start"], row["date_end"], row["date_precision"])
    return row


def participants(db_path: Path, event_id: str) -> pd.DataFrame:
    return query(db_path, """
        SELECT bp.iso2, c.name AS country, bp.role
        FROM marts.bridge_event_participants bp
        LEFT JOIN marts.dim_countries c ON c.iso2 = bp.iso2
        WHERE bp.event_id = ?
        ORDER BY CASE bp.role WHEN 'host' THEN 0 WHEN 'guest' THEN 1 ELSE 2 END, bp.iso2
    """, [event_id])


def evidence(db_path: Path, event_id: str) -> pd.DataFrame:
    """The sentences that state the event, with the article each comes from."""
    return query(db_path, """
        SELECT ev.sentence, ev.char_start, ev.char_end, ev.article_id, a.story_id,
               a.title, a.outlet, a.url, a.published_at, a.published_at_source, a.source_file
        FROM marts.fct_event_evidence ev
        LEFT JOIN marts.dim_articles a ON a.article_id = ev.article_id
        WHERE ev.event_id = ?
        ORDER BY a.published_at NULLS LAST, ev.article_id, ev.char_start
    """, [event_id])


def stories(db_path: Path, f: Filters, limit: int = 200) -> pd.DataFrame:
    """One row per story: its copies, outlets and the events it reports. With
    active filters, only stories reporting a selected event."""
    where, params = event_where(f)
    only_matching = "TRUE"
    if f.active:
        only_matching = f"""s.story_id IN (
            SELECT a2.story_id FROM marts.fct_event_evidence ev2
            JOIN marts.dim_articles a2 ON a2.article_id = ev2.article_id
            JOIN marts.fct_diplomatic_events e ON e.event_id = ev2.event_id
            WHERE {where})"""
    return query(db_path, f"""
        WITH s AS (
            SELECT story_id, count(*) AS n_articles,
                   count(DISTINCT outlet) AS n_outlets,
                   min(published_at) AS first_published, max(published_at) AS last_published,
                   arg_min(title, coalesce(published_at, landed_at)) AS title
            FROM marts.dim_articles GROUP BY story_id
        ), story_events AS (
            SELECT a.story_id, count(DISTINCT ev.event_id) AS n_events
            FROM marts.fct_event_evidence ev JOIN marts.dim_articles a ON a.article_id = ev.article_id
            GROUP BY a.story_id
        )
        SELECT s.story_id, s.n_articles, s.n_outlets, coalesce(se.n_events, 0) AS n_events,
               s.first_published, s.last_published, s.title
        FROM s LEFT JOIN story_events se ON se.story_id = s.story_id
        WHERE {only_matching}
        ORDER BY s.n_articles DESC, s.first_published DESC NULLS LAST, s.story_id
        LIMIT ?
    """, params + [limit])


def story_articles(db_path: Path, story_ids: Sequence[str]) -> pd.DataFrame:
    return query(db_path, """
        SELECT story_id, article_id, title, outlet, url, published_at, published_at_source,
               language, n_chars, source_file, source_record
        FROM marts.dim_articles
        WHERE list_contains(?::VARCHAR[], story_id)
        ORDER BY story_id, published_at NULLS LAST, article_id
    """, [list(story_ids)])


def story_events(db_path: Path, story_ids: Sequence[str]) -> pd.DataFrame:
    frame = query(db_path, """
        SELECT DISTINCT a.story_id, e.event_id, e.event_type, e.status,
               p.name AS partner,
               e.date_start, e.date_end, e.date_precision
        FROM marts.fct_event_evidence ev
        JOIN marts.dim_articles a ON a.article_id = ev.article_id
        JOIN marts.fct_diplomatic_events e ON e.event_id = ev.event_id
        LEFT JOIN marts.dim_partners p ON p.partner_code = e.partner_code
        WHERE list_contains(?::VARCHAR[], a.story_id)
        ORDER BY a.story_id, e.date_start NULLS LAST, e.event_id
    """, [list(story_ids)])
    frame["partner"] = frame["partner"].fillna(NO_PARTNER_LABEL)
    frame["date"] = [format_date(s, e, p) for s, e, p in
                     zip(frame["date_start"], frame["date_end"], frame["date_precision"])]
    return frame


def story_counts(db_path: Path) -> dict[str, int]:
    row = query(db_path, """
        WITH s AS (SELECT story_id, count(*) AS n FROM marts.dim_articles GROUP BY story_id)
        SELECT count(*) AS stories, coalesce(sum(n), 0) AS articles,
               count(*) FILTER (WHERE n > 1) AS stories_with_copies
        FROM s
    """).iloc[0]
    return {k: int(row[k]) for k in ("stories", "articles", "stories_with_copies")}


def validation_runs(db_path: Path) -> pd.DataFrame:
    return query(db_path, """
        SELECT validated_at, suite, success, evaluated, successful, failed,
               array_to_string(failed_expectations, '; ') AS failed_expectations,
               run_id, load_id, details
        FROM audit.validation_runs
        ORDER BY validated_at DESC
    """)


def rejected_inputs(db_path: Path) -> pd.DataFrame:
    return query(db_path, """
        SELECT rejected_at, source_file, source_record, reason, size_bytes, load_id
        FROM audit.rejected_inputs ORDER BY rejected_at DESC
    """)
