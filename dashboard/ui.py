"""What every page shares: the warehouse it reads, the sidebar filters, and
the few ways the dashboard shows text it did not write.

Article text (sentences, titles, outlets, cities, URLs, file names) comes from
the open web. It is shown only through st.text and st.dataframe, which render
it as text; never through st.markdown, st.write, st.table (Markdown cells),
captions or labels, and never with unsafe_allow_html. Links to articles go
through data.safe_url (http/https only)."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

import streamlit as st

from dashboard import data

EVENT_PAGE = "views/event.py"

TYPE_LABELS = {
    "summit": "Summit",
    "state_visit": "State visit",
    "bilateral_meeting": "Bilateral meeting",
    "agreement_or_joint_statement": "Agreement or joint statement",
    "ministerial_meeting": "Ministerial meeting",
    "business_forum": "Business forum",
    "other": "Other",
}
# Widest dates the date filter accepts (the contract: nothing before 1991-12).
_DATE_MIN, _DATE_MAX = date(1991, 12, 1), date(2100, 12, 31)


def type_label(event_type: Any) -> str:
    return TYPE_LABELS.get(str(event_type), str(event_type))


@dataclass(frozen=True)
class Context:
    db_path: Path
    status: data.WarehouseStatus
    filters: data.Filters
    options: dict[str, Any] | None


_CONTEXT_KEY = "_dashboard_context"


def context() -> Context:
    """The context the entry script computed for this run."""
    return st.session_state[_CONTEXT_KEY]


def set_context(ctx: Context) -> None:
    st.session_state[_CONTEXT_KEY] = ctx


# ------------------------------------------------------------------- sidebar

def sidebar(db_path: Path, status: data.WarehouseStatus) -> tuple[data.Filters, dict[str, Any] | None]:
    """The warehouse line and the filters. Values only ever reach SQL as parameters."""
    bar = st.sidebar
    bar.caption("Published snapshot (read-only)")
    bar.code(str(db_path), language=None, wrap_lines=True)
    if not status.ok:
        return data.Filters(), None
    stamp = datetime.fromtimestamp(status.published_at).strftime("%Y-%m-%d %H:%M:%S") if status.published_at else "?"
    bar.caption(f"Published {stamp} · {status.n_events} events · {status.n_articles} articles")
    bar.button("Reload", help="Read the snapshot again (every query already opens the current file).",
               key="reload")
    options = data.filter_options(db_path)
    bar.header("Filters")
    partner_names = options["partner_names"]
    partners = bar.multiselect("Partner", options["partners"], key="f_partner",
                               format_func=lambda code: f"{partner_names.get(code, code)} ({code})"
                               if code != data.NO_PARTNER else partner_names[code])
    state_names = options["state_names"]
    states = bar.multiselect("Central Asian state", options["states"], key="f_state",
                             format_func=lambda iso2: f"{state_names.get(iso2, iso2)} ({iso2})")
    types = bar.multiselect("Event type", options["types"], key="f_type", format_func=type_label)
    date_from = date_to = None
    include_undated = True
    if options["first_date"] is not None:
        first = max(options["first_date"], _DATE_MIN)
        last = min(options["last_date"], _DATE_MAX)
        default = (first, last)
        # Untouched, the range follows the data (a re-published snapshot may widen it)
        # and filters nothing; once the analyst changes it, it stays as chosen.
        if st.session_state.get("_f_dates_default") != default:
            if tuple(st.session_state.get("f_dates", ())) in ((), st.session_state.get("_f_dates_default")):
                st.session_state["f_dates"] = default
            st.session_state["_f_dates_default"] = default
        chosen = bar.date_input("Date range", min_value=_DATE_MIN, max_value=_DATE_MAX, key="f_dates",
                                format="YYYY-MM-DD",
                                help="Events whose date overlaps the range; 'April 2025' overlaps any day of April.")
        if isinstance(chosen, (tuple, list)) and tuple(chosen) == default:
            chosen = ()
        if isinstance(chosen, (tuple, list)) and len(chosen) == 2:
            date_from, date_to = chosen
        elif isinstance(chosen, (tuple, list)) and len(chosen) == 1:  # while the second date is being picked
            date_from = chosen[0]
        elif isinstance(chosen, date):
            date_from = chosen
        include_undated = bar.checkbox("Include undated events", value=True, key="f_undated")
    filters = data.Filters(partners=tuple(partners), states=tuple(states), types=tuple(types),
                           date_from=date_from, date_to=date_to, include_undated=include_undated)
    return filters, options


# ------------------------------------------------------------------- helpers

def unavailable(status: data.WarehouseStatus) -> None:
    st.error(status.message)
    st.info("The dashboard reads only the published snapshot. Build one with `make run` "
            "(or `make run LANDING=... WAREHOUSE=...`), then reload this page.")


def empty_notice(status: data.WarehouseStatus) -> None:
    if status.empty:
        st.info(f"The warehouse holds no events yet ({status.n_articles} articles). "
                "Land articles and let the pipeline publish, then reload.")


def guarded(render: Callable[[], None]) -> None:
    """Run a page; a warehouse that vanished or changed shape mid-session shows
    a message, not a stack trace."""
    try:
        render()
    except data.WarehouseError as error:
        st.error(str(error))
    except Exception as error:  # noqa: BLE001 - the analyst sees a sentence, the log keeps the trace
        import logging
        logging.getLogger("dashboard").exception("page failed")
        st.error(f"This page could not be shown ({type(error).__name__}). The details are in the dashboard's log.")


def data_docs_link(db_path: Path) -> None:
    _docs_link(data.data_docs_index(db_path), os.environ.get(data.DATA_DOCS_URL_ENV),
               "Data Docs", "Open the Data Docs (Great Expectations)")


def dbt_docs_link(db_path: Path) -> None:
    status = data.dbt_docs_status(db_path) or {}
    if status.get("generated") is False:  # the pipeline kept the previous page, if there was one
        st.warning("The table docs could not be regenerated after the last publish: the page below, if any, "
                   "describes an earlier one. The pipeline's error:")
        st.code(f"attempted at {status.get('attempted_at')}: {status.get('error') or 'unknown error'}\n"
                f"page generated at {status.get('page_generated_at') or '-'}", language=None)
    _docs_link(data.dbt_docs_index(db_path), os.environ.get(data.DBT_DOCS_URL_ENV),
               "table docs", "Open the table docs (dbt)")


def _docs_link(index: Path, url: str | None, what: str, label: str) -> None:
    if not index.is_file():
        st.warning(f"No {what} were published beside this snapshot.")
        st.code(str(index), language=None)
        return
    if url:
        st.link_button(label, url, icon=":material/open_in_new:")
    st.caption(f"The {what} file, to open in a browser on this machine:")
    st.code(index.as_uri(), language=None)


def article_link_config(label: str = "Article") -> Any:
    return st.column_config.LinkColumn(label, display_text="open ↗",
                                       help="The article's URL (http/https only)")


def with_safe_urls(frame, column: str = "url"):
    frame = frame.copy()
    frame[column] = [data.safe_url(u) for u in frame[column]]
    return frame


def plain_id(value: Any) -> str:
    """An id for a Markdown line: only the characters ids are made of."""
    return re.sub(r"[^A-Za-z0-9_.-]", "", str(value))


def event_label(row: Any) -> str:
    """A label made only of trusted values: type, partner name (reference data), date."""
    return f"{row['date']} · {type_label(row['event_type'])} · {row['partner']} · {row['status']}"
