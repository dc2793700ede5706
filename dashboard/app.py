"""Central Asia diplomacy dashboard (Streamlit).

    make dashboard [WAREHOUSE=dir] [DASHBOARD_PORT=8501]
    python -m dashboard --warehouse dir            # the same, without make
    DIPLOMACY_WAREHOUSE_DIR=dir streamlit run dashboard/app.py

Reads only the published snapshot WAREHOUSE/diplomacy.duckdb, read-only, one
connection per query (dashboard/data.py), so a re-published load shows on the
next interaction."""
from __future__ import annotations

import sys
from pathlib import Path

# Streamlit puts this file's folder on sys.path; the package needs the project root.
_ROOT = str(Path(__file__).resolve().parents[1])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import streamlit as st  # noqa: E402

from dashboard import data, ui  # noqa: E402

st.set_page_config(page_title="Central Asia diplomacy", page_icon=":material/public:", layout="wide")

PAGES = [
    st.Page("views/timeline.py", title="Timeline", url_path="timeline", icon=":material/timeline:", default=True),
    st.Page("views/matrix.py", title="Partners × states", url_path="matrix", icon=":material/grid_on:"),
    st.Page(ui.EVENT_PAGE, title="Event", url_path="event", icon=":material/event:"),
    st.Page("views/stories.py", title="Stories", url_path="stories", icon=":material/library_books:"),
    st.Page("views/quality.py", title="Data quality", url_path="quality", icon=":material/verified:"),
]

page = st.navigation(PAGES)
db_path = data.resolve_warehouse()
status = data.warehouse_status(db_path)
try:
    filters, options = ui.sidebar(db_path, status)
except data.WarehouseError as error:  # replaced or removed between the status check and the filters
    status = data.WarehouseStatus(db_path, ok=False, message=str(error))
    filters, options = data.Filters(), None
ui.set_context(ui.Context(db_path=db_path, status=status, filters=filters, options=options))

if status.ok:
    page.run()
else:
    st.title(page.title)
    ui.unavailable(status)
