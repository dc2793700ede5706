"""Every quality check, by gate, in one place.

A gate validates a few *frames*: DuckDB queries that select only the columns
the checks read (never the article text itself), loaded into pandas and
validated by Great Expectations (GX's SQL datasource fails on DuckDB, see
STACK_NOTES). Rules that span tables or need date arithmetic are computed as
columns in the query, so each rule stays one plain GX expectation and a failure
names the offending rows by the frame's key columns.

The JSON suites under expectations/gx/expectations/ are generated from this
module (`python -m diplomacy.quality.gx_project`) and versioned in git; a gate
refuses to run when they disagree with it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

CENTRAL_ASIAN_ISO2 = ["KG", "KZ", "TJ", "TM", "UZ"]
EVENT_TYPES = [
    "summit",
    "state_visit",
    "bilateral_meeting",
    "agreement_or_joint_statement",
    "ministerial_meeting",
    "business_forum",
    "other",
]
DATE_PRECISIONS = ["day", "month", "year"]
EVENT_STATUSES = ["scheduled", "occurred"]
PARTICIPANT_ROLES = ["host", "guest", "participant"]

# The five states became independent in December 1991: nothing earlier is theirs.
EARLIEST_DATE = datetime(1991, 12, 1)
# Far above any news article; a larger "article" is a parser that swallowed a whole page or feed.
MAX_ARTICLE_CHARS = 1_000_000
# How far a publication date may run ahead of the clock (time zones, feeds dated ahead).
PUBLICATION_CLOCK_SKEW_DAYS = 1


@dataclass(frozen=True)
class Check:
    """One GX expectation: its snake_case type, its arguments, and optionally
    the rows it applies to (`when=(column, value)` keeps rows where column == value)."""

    expectation: str
    kwargs: dict[str, Any]
    when: tuple[str, Any] | None = None


def check(expectation: str, when: tuple[str, Any] | None = None, **kwargs: Any) -> Check:
    return Check(expectation, kwargs, when)


def not_null(*columns: str) -> list[Check]:
    return [check("expect_column_values_to_not_be_null", column=column) for column in columns]


def a_on_or_after_b(column_a: str, column_b: str, when: tuple[str, Any] | None = None) -> Check:
    """column_a >= column_b on rows where both are present."""
    return check(
        "expect_column_pair_values_a_to_be_greater_than_b",
        when=when,
        column_A=column_a,
        column_B=column_b,
        or_equal=True,
        ignore_row_if="either_value_is_missing",
    )


@dataclass(frozen=True)
class Frame:
    name: str  # GX data asset name; prefixes the column in failure messages
    sql: str  # DuckDB query; may use $load_id
    keys: tuple[str, ...]  # columns that identify an offending row in a failure
    checks: tuple[Check, ...] = field(default_factory=tuple)


# --- landing: the rows of raw.articles landed by one load ----------------------

RAW_ARTICLES = Frame(
    name="raw_articles",
    keys=("article_id",),
    sql="""
        SELECT article_id,
               content_hash,
               n_chars,
               coalesce(regexp_matches(text, '\\S'), false) AS has_visible_text,
               language,
               published_at
        FROM raw.articles
        WHERE load_id = $load_id
    """,
    checks=(
        check("expect_column_values_to_be_in_set", column="has_visible_text", value_set=[True]),
        check("expect_column_values_to_be_between", column="n_chars", min_value=1, max_value=MAX_ARTICLE_CHARS),
        *not_null("language", "content_hash"),
        check("expect_column_values_to_match_regex", column="language", regex="^[a-z]{2}$"),
        # The upper bound moves with the clock, so it is a run-time parameter.
        check(
            "expect_column_values_to_be_between",
            column="published_at",
            min_value=EARLIEST_DATE,
            max_value={"$PARAMETER": "latest_allowed_published_at"},
        ),
        check("expect_column_values_to_be_unique", column="content_hash"),
    ),
)

# --- marts: the contract tables of the working database ------------------------

DIM_COUNTRIES = Frame(
    name="dim_countries",
    keys=("iso2",),
    sql="SELECT iso2, name, is_central_asian FROM marts.dim_countries",
    checks=(
        *not_null("iso2"),
        check("expect_column_values_to_be_unique", column="iso2"),
        # Exactly five flagged rows, and they are the five.
        check("expect_column_sum_to_be_between", column="is_central_asian", min_value=5, max_value=5),
        check(
            "expect_column_values_to_be_in_set",
            when=("is_central_asian", True),
            column="iso2",
            value_set=CENTRAL_ASIAN_ISO2,
        ),
    ),
)

DIM_PARTNERS = Frame(
    name="dim_partners",
    keys=("partner_code",),
    sql="SELECT partner_code, name FROM marts.dim_partners",
    checks=(
        *not_null("partner_code"),
        check("expect_column_values_to_be_unique", column="partner_code"),
    ),
)

FCT_DIPLOMATIC_EVENTS = Frame(
    name="fct_diplomatic_events",
    keys=("event_id",),
    sql="""
        WITH evidence AS (
            SELECT ev.event_id,
                   count(*) AS n_evidence,
                   -- an undated article reported the event no later than the day it landed
                   max(CAST(coalesce(a.published_at, a.landed_at) AS DATE)) AS latest_published
            FROM marts.fct_event_evidence AS ev
            LEFT JOIN marts.dim_articles AS a USING (article_id)
            GROUP BY ev.event_id
        )
        SELECT e.event_id,
               e.event_type,
               e.date_precision,
               e.status,
               e.date_start,
               e.date_end,
               CAST(e.first_reported_at AS DATE) AS first_report_date,
               -- events are announced at most two years ahead
               CAST(CAST(e.first_reported_at AS DATE) + INTERVAL 2 YEAR AS DATE) AS latest_plausible_date,
               dayofmonth(e.date_start) AS start_day_of_month,
               dayofyear(e.date_start) AS start_day_of_year,
               -- the last day the event may fall on: "in April" may still be ahead on April 15
               coalesce(e.date_end,
                        CASE e.date_precision
                            WHEN 'month' THEN last_day(e.date_start)
                            WHEN 'year' THEN make_date(year(e.date_start), 12, 31)
                            ELSE e.date_start
                        END) AS period_end,
               coalesce(ev.n_evidence, 0) AS n_evidence,
               greatest(ev.latest_published, CAST(e.first_reported_at AS DATE)) AS latest_report_date
        FROM marts.fct_diplomatic_events AS e
        LEFT JOIN evidence AS ev USING (event_id)
    """,
    checks=(
        *not_null("event_id", "event_type", "date_precision", "status", "date_start"),
        check("expect_column_values_to_be_unique", column="event_id"),
        check("expect_column_values_to_be_in_set", column="event_type", value_set=EVENT_TYPES),
        check("expect_column_values_to_be_in_set", column="date_precision", value_set=DATE_PRECISIONS),
        check("expect_column_values_to_be_in_set", column="status", value_set=EVENT_STATUSES),
        check("expect_column_values_to_be_between", column="date_start", min_value=EARLIEST_DATE),
        a_on_or_after_b("latest_plausible_date", "date_start"),
        a_on_or_after_b("date_end", "date_start"),
        # Month and year precision store the first day of the period: never invent a day.
        check("expect_column_values_to_be_in_set", when=("date_precision", "month"), column="start_day_of_month", value_set=[1]),
        check("expect_column_values_to_be_in_set", when=("date_precision", "year"), column="start_day_of_year", value_set=[1]),
        # A scheduled event cannot be over before it was first reported ...
        a_on_or_after_b("period_end", "first_report_date", when=("status", "scheduled")),
        # ... and an occurred one must have started by its latest report.
        a_on_or_after_b("latest_report_date", "date_start", when=("status", "occurred")),
        check("expect_column_values_to_be_between", column="n_evidence", min_value=1),
    ),
)

BRIDGE_EVENT_PARTICIPANTS = Frame(
    name="bridge_event_participants",
    keys=("event_id", "iso2"),
    sql="""
        SELECT b.event_id,
               b.iso2,
               b.role,
               EXISTS (SELECT 1 FROM marts.fct_diplomatic_events AS e WHERE e.event_id = b.event_id)
                   AS event_exists
        FROM marts.bridge_event_participants AS b
    """,
    checks=(
        *not_null("event_id", "iso2"),
        check("expect_column_values_to_be_in_set", column="iso2", value_set=CENTRAL_ASIAN_ISO2),
        check("expect_column_values_to_be_in_set", column="role", value_set=PARTICIPANT_ROLES),
        check("expect_column_values_to_be_in_set", column="event_exists", value_set=[True]),
    ),
)

FCT_COUNTRY_PARTNER_RELATIONSHIPS = Frame(
    name="fct_country_partner_relationships",
    keys=("ca_iso2", "partner_code", "relation"),
    sql="SELECT ca_iso2, partner_code, relation FROM marts.fct_country_partner_relationships",
    checks=(
        *not_null("ca_iso2", "partner_code"),
        check("expect_column_values_to_be_in_set", column="ca_iso2", value_set=CENTRAL_ASIAN_ISO2),
        # The codes of marts.dim_partners, read at run time.
        check("expect_column_values_to_be_in_set", column="partner_code", value_set={"$PARAMETER": "known_partner_codes"}),
    ),
)

GATES: dict[str, tuple[Frame, ...]] = {
    "landing": (RAW_ARTICLES,),
    "marts": (
        DIM_COUNTRIES,
        DIM_PARTNERS,
        FCT_DIPLOMATIC_EVENTS,
        BRIDGE_EVENT_PARTICIPANTS,
        FCT_COUNTRY_PARTNER_RELATIONSHIPS,
    ),
}


def suite_name(gate: str, frame: Frame) -> str:
    """GX stores "marts.dim_countries" as expectations/marts/dim_countries.json."""
    return f"{gate}.{frame.name}"
