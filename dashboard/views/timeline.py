"""Timeline: events by partner and type over time; scheduled vs occurred."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import data, ui


def render() -> None:
    ctx = ui.context()
    st.title("Timeline of events")
    ui.empty_notice(ctx.status)
    counts = data.event_counts(ctx.db_path, ctx.filters)
    cols = st.columns(4)
    cols[0].metric("Events", counts["events"])
    cols[1].metric("Occurred", counts["occurred"])
    cols[2].metric("Scheduled", counts["scheduled"])
    cols[3].metric("Partners", counts["partners"])
    frame = data.events(ctx.db_path, ctx.filters)
    if frame.empty:
        st.info("No events match the filters.")
        return

    dated = frame[frame["date_start"].notna()].copy()
    if not dated.empty:
        dated["type"] = [ui.type_label(t) for t in dated["event_type"]]
        # A vague date is drawn as the period it denotes (a bar over "April 2025").
        dated["period_end"] = dated["period_end"].fillna(dated["date_start"])
        base = alt.Chart(dated).encode(
            y=alt.Y("partner:N", title=None, sort=alt.EncodingSortField("date_start", op="min"),
                    scale=alt.Scale(type="band", paddingInner=0.15)),
            # events of different types on the same day sit side by side, not on top of each other
            yOffset=alt.YOffset("type:N", scale=alt.Scale(paddingOuter=0.3)),
            tooltip=[alt.Tooltip("date:N", title="date"), alt.Tooltip("date_precision:N", title="precision"),
                     alt.Tooltip("type:N"), alt.Tooltip("status:N"), alt.Tooltip("partner:N"),
                     alt.Tooltip("participants:N"), alt.Tooltip("n_stories:Q", title="stories"),
                     alt.Tooltip("event_id:N")],
        )
        period = base.mark_rule(strokeWidth=6, opacity=0.35).encode(
            x=alt.X("date_start:T", title="date"), x2="period_end:T",
            color=alt.Color("type:N", title="type", legend=alt.Legend(symbolOpacity=1)),
        )
        shape = alt.Shape("status:N", title="status",
                          scale=alt.Scale(domain=["occurred", "scheduled"], range=["circle", "diamond"]))
        color = alt.Color("type:N", title="type", legend=alt.Legend(symbolOpacity=1))
        occurred = base.transform_filter("datum.status == 'occurred'").mark_point(
            size=160, filled=True, opacity=0.9).encode(x="date_start:T", color=color, shape=shape)
        scheduled = base.transform_filter("datum.status == 'scheduled'").mark_point(
            size=170, filled=False, strokeWidth=2.5, opacity=1).encode(x="date_start:T", color=color, shape=shape)
        points = occurred + scheduled
        legend_rows = dated["type"].nunique() + 2  # types, then the two statuses
        height = max(200, 56 * dated["partner"].nunique(), 26 * legend_rows + 100)
        chart = (period + points).properties(height=height)
        st.altair_chart(chart, width="stretch")
        st.caption("Filled circle: occurred · open diamond: scheduled. A bar spans the period a month- or "
                   "year-precision date denotes.")
    undated = len(frame) - len(dated)
    if undated:
        st.caption(f"{undated} undated event(s) are listed in the table but not drawn.")

    table = frame[["date", "date_precision", "event_type", "status", "partner", "participants", "host_code",
                   "location_city", "level", "n_stories", "n_articles", "confidence", "event_id"]].copy()
    table["event_type"] = [ui.type_label(t) for t in table["event_type"]]
    st.subheader("Events")
    st.caption("Select a row to open the event page.")
    picked = st.dataframe(
        table, hide_index=True, key="timeline_table", on_select="rerun", selection_mode="single-row",
        column_config={
            "date_precision": st.column_config.TextColumn("precision"),
            "event_type": st.column_config.TextColumn("type"),
            "host_code": st.column_config.TextColumn("host"),
            "location_city": st.column_config.TextColumn("city"),
            "n_stories": st.column_config.NumberColumn("stories"),
            "n_articles": st.column_config.NumberColumn("articles"),
            "confidence": st.column_config.ProgressColumn("confidence", min_value=0.0, max_value=1.0, format="%.2f"),
        },
    )
    rows = picked.selection.rows if picked is not None and hasattr(picked, "selection") else []
    if rows:
        st.switch_page(ui.EVENT_PAGE, query_params={"event_id": str(table.iloc[rows[0]]["event_id"])})


ui.guarded(render)
