"""Data quality: every gate run (audit.validation_runs), the inputs that
could not be read (audit.rejected_inputs), the Data Docs and the dbt docs of the tables."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, ui


def render() -> None:
    ctx = ui.context()
    st.title("Data quality")
    runs = data.validation_runs(ctx.db_path)
    rejected = data.rejected_inputs(ctx.db_path)
    cols = st.columns(4)
    cols[0].metric("Gate runs", len(runs))
    cols[1].metric("Passed", int(runs["success"].fillna(False).astype(bool).sum()))
    cols[2].metric("Failed", int((~runs["success"].fillna(False).astype(bool)).sum()))
    cols[3].metric("Rejected inputs", len(rejected))

    latest = runs.drop_duplicates("suite") if not runs.empty else runs
    for run in latest.itertuples():
        verdict = "passed" if run.success else "FAILED"
        when = f"{run.validated_at:%Y-%m-%d %H:%M:%S}" if pd.notna(run.validated_at) else "time unknown"
        text = (f"Latest `{ui.plain_id(run.suite)}` gate {verdict}: {run.successful} of {run.evaluated} expectations met "
                f"({when}).")
        (st.success if run.success else st.error)(text)

    st.subheader("Data Docs")
    ui.data_docs_link(ctx.db_path)
    st.subheader("Table docs")
    st.caption("Every mart: what a row is, each column, the tests on it, lineage and the dashboards and "
               "queries that use it (dbt docs).")
    ui.dbt_docs_link(ctx.db_path)

    st.subheader("Gate runs")
    if runs.empty:
        st.info("No gate has run against this warehouse yet.")
    else:
        st.dataframe(runs, hide_index=True, key="validation_runs", column_config={
            "success": st.column_config.CheckboxColumn("passed"),
            "failed_expectations": st.column_config.TextColumn("failed expectations", width="large"),
        })
    st.subheader("Rejected inputs")
    if rejected.empty:
        st.info("Every landed input could be read.")
    else:
        st.dataframe(rejected, hide_index=True, key="rejected_inputs")


ui.guarded(render)
