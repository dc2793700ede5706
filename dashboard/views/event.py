"""One event: participants, dates at their precision, and the evidence
sentences with links to the articles they come from."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, ui


def _fmt(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour or value.minute) else value.strftime("%Y-%m-%d")
    return str(value)


def render() -> None:
    ctx = ui.context()
    st.title("Event")
    ui.empty_notice(ctx.status)
    listed = data.events(ctx.db_path, ctx.filters)
    wanted = st.query_params.get("event_id")
    ids = list(listed["event_id"])
    labels = {row["event_id"]: ui.event_label(row) for _, row in listed.iterrows()}
    if wanted and wanted not in labels:
        row = data.event(ctx.db_path, wanted)
        if row is None:
            st.warning("No event with the id in the address; pick one below.")
            wanted = None
        else:  # opened from a link: show it even when the filters exclude it
            ids.insert(0, wanted)
            labels[wanted] = ui.event_label(row)
    if not ids:
        st.info("No events match the filters.")
        return
    # The address (?event_id=...) picks the event when it changes (a link was followed);
    # afterwards the select box does, and the address follows it so it can be shared.
    if wanted and (st.session_state.get("_event_from_url") != wanted or "event_pick" not in st.session_state):
        st.session_state["event_pick"] = wanted
    if st.session_state.get("event_pick") not in ids:
        st.session_state["event_pick"] = ids[0]
    chosen = st.selectbox("Event", ids, format_func=lambda i: labels[i], key="event_pick")
    if chosen != wanted:
        st.query_params["event_id"] = chosen
    st.session_state["_event_from_url"] = chosen
    row = data.event(ctx.db_path, chosen)
    if row is None:
        st.warning("This event is no longer in the published warehouse.")
        return
    people = data.participants(ctx.db_path, chosen)
    proof = data.evidence(ctx.db_path, chosen)

    st.header(f"{ui.type_label(row['event_type'])} · {row['partner']}")
    top = st.columns([3, 1, 1.4])
    top[0].metric("Date", row["date"])
    top[1].metric("Precision", _fmt(row["date_precision"]))
    top[2].metric("Status", row["status"])
    counts = st.columns(4)
    counts[0].metric("Participants", len(people))
    counts[1].metric("Articles", int(row["n_articles"]))
    counts[2].metric("Stories", int(row["n_stories"]))
    counts[3].metric("Evidence sentences", len(proof))

    facts = pd.DataFrame([
        ("date_start", _fmt(row["date_start"])), ("date_end", _fmt(row["date_end"])),
        ("date_precision", _fmt(row["date_precision"])),
        ("period the date denotes ends", _fmt(row.get("period_end"))),
        ("status", row["status"]), ("host", _fmt(row["host"])), ("city (as written)", _fmt(row["location_city"])),
        ("level", _fmt(row["level"])), ("called first/inaugural", _fmt(row["is_first"])),
        ("articles", _fmt(row["n_articles"])), ("stories", _fmt(row["n_stories"])),
        ("first reported", _fmt(row["first_reported_at"])), ("last reported", _fmt(row.get("last_reported_at"))),
        ("confidence", f"{row['confidence']:.2f}"), ("event_id", row["event_id"]),
    ], columns=["field", "value"])
    left, right = st.columns([3, 2])
    with left:
        st.subheader("Facts")
        st.dataframe(facts, hide_index=True, key="event_facts", height=35 * (len(facts) + 1) + 3)
    with right:
        st.subheader("Central Asian participants")
        st.dataframe(people, hide_index=True, key="event_participants")

    st.subheader(f"Evidence ({len(proof)} sentences)")
    st.caption("Sentences as the articles give them (shown as plain text), with the article each comes from.")
    for i, ev in proof.iterrows():
        with st.container(border=True, key=f"evidence_{i}"):
            st.text(ev["sentence"])
            meta = [
                f"Outlet: {_fmt(ev['outlet'])}",
                f"published {_fmt(ev['published_at'])} (from {_fmt(ev['published_at_source'])})",
                f"chars {int(ev['char_start'])}–{int(ev['char_end'])}",
                f"story {_fmt(ev['story_id'])}",
            ]
            st.text("Title: " + _fmt(ev["title"]))
            st.text(" · ".join(meta) + " · file " + _fmt(ev["source_file"]))
            url = data.safe_url(ev["url"])
            if url:
                st.link_button("Open article", url, icon=":material/open_in_new:")
            else:
                st.caption("No web address recorded for this article.")


ui.guarded(render)
