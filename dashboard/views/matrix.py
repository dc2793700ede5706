"""Partner × Central Asian state: events (and relationships) per pair."""
from __future__ import annotations

import altair as alt
import streamlit as st

from dashboard import data, ui


def render() -> None:
    ctx = ui.context()
    st.title("Partners × Central Asian states")
    ui.empty_notice(ctx.status)
    state_names = ctx.options["state_names"] if ctx.options else {}
    long = data.matrix_events(ctx.db_path, ctx.filters)
    rels = data.relationships(ctx.db_path, ctx.filters)
    cols = st.columns(3)
    cols[0].metric("Partners with events", int(long["partner_code"].nunique()))
    cols[1].metric("Partner–state pairs", len(long))
    cols[2].metric("Relationships", len(rels))

    st.subheader("Events per partner and state")
    if long.empty:
        st.info("No events with an outside partner match the filters.")
    else:
        long = long.copy()
        long["state"] = [state_names.get(i, i) for i in long["iso2"]]
        heat = alt.Chart(long).encode(
            x=alt.X("state:N", title=None, axis=alt.Axis(orient="top", labelAngle=0)),
            y=alt.Y("partner:N", title=None),
            tooltip=["partner:N", "state:N", "events:Q", "occurred:Q", "scheduled:Q"],
        )
        chart = (heat.mark_rect().encode(color=alt.Color("events:Q", scale=alt.Scale(scheme="blues"), legend=None))
                 + heat.mark_text(fontSize=14).encode(
                     text="events:Q",
                     color=alt.condition(f"datum.events > {int(long['events'].max()) / 2}",
                                         alt.value("white"), alt.value("black"))))
        st.altair_chart(chart.properties(height=max(120, 36 * long["partner"].nunique())), width="stretch")
        pivot = (long.pivot_table(index="partner", columns="state", values="events", aggfunc="sum", fill_value=0)
                 .astype(int))
        st.dataframe(pivot, key="matrix_events")
        st.caption("A cell counts the events in which the state takes part; an event with all five states "
                   "counts in every column. Events among Central Asian states only have no partner row.")

    st.subheader("Relationships")
    st.caption("Largest trading partner, strategic partnership, dialogue format …; the partner and state filters "
               "apply (type and date do not: a relationship is not an event).")
    if rels.empty:
        st.info("No relationships match the filters.")
        return
    rels = rels.copy()
    rels["state"] = [state_names.get(i, i) for i in rels["iso2"]]
    grid = (rels.assign(relation=rels["relation"].str.replace("_", " "))
            .groupby(["partner", "state"])["relation"].agg(lambda r: "; ".join(sorted(set(r))))
            .unstack(fill_value=""))
    st.dataframe(grid, key="matrix_relationships")
    detail = ui.with_safe_urls(rels, "evidence_url")[
        ["partner", "state", "relation", "value", "since", "n_events", "first_event_date", "last_event_date",
         "is_region_level", "evidence_sentence", "evidence_outlet", "evidence_url"]]
    st.dataframe(detail, hide_index=True, key="relationship_details", column_config={
        "n_events": st.column_config.NumberColumn("events"),
        "first_event_date": st.column_config.DateColumn("first event", format="YYYY-MM-DD"),
        "last_event_date": st.column_config.DateColumn("last event", format="YYYY-MM-DD"),
        "is_region_level": st.column_config.CheckboxColumn("region-level"),
        "evidence_sentence": st.column_config.TextColumn("evidence", width="large"),
        "evidence_outlet": st.column_config.TextColumn("outlet"),
        "evidence_url": ui.article_link_config(),
    })


ui.guarded(render)
