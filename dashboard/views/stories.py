"""Stories: copies and rewrites of one story linked together, and the events
each story reports (counted once however many copies)."""
from __future__ import annotations

import streamlit as st

from dashboard import data, ui


def render() -> None:
    ctx = ui.context()
    st.title("Stories")
    ui.empty_notice(ctx.status)
    counts = data.story_counts(ctx.db_path)
    cols = st.columns(3)
    cols[0].metric("Stories", counts["stories"])
    cols[1].metric("Articles", counts["articles"])
    cols[2].metric("Stories with copies", counts["stories_with_copies"])
    limit = st.number_input("Stories shown (most copies first)", min_value=1, max_value=1000, value=50, step=25,
                            key="stories_limit")
    listed = data.stories(ctx.db_path, ctx.filters, limit=int(limit))
    if ctx.filters.active:
        st.caption(f"{len(listed)} stories report an event that matches the filters.")
    if listed.empty:
        st.info("No stories match the filters." if ctx.filters.active else "No articles landed yet.")
        return
    story_ids = list(listed["story_id"])
    articles = ui.with_safe_urls(data.story_articles(ctx.db_path, story_ids))
    reported = data.story_events(ctx.db_path, story_ids)
    for story in listed.itertuples():
        copies = articles[articles["story_id"] == story.story_id]
        events = reported[reported["story_id"] == story.story_id]
        with st.container(border=True, key=f"story_{story.story_id}"):
            st.markdown(f"**Story `{ui.plain_id(story.story_id)}`** · {story.n_articles} article(s) · "
                        f"{story.n_outlets} outlet(s) · {story.n_events} event(s)")
            st.text(story.title if isinstance(story.title, str) else "(no headline)")
            st.dataframe(
                copies[["title", "outlet", "published_at", "published_at_source", "language", "n_chars",
                        "source_file", "source_record", "url", "article_id"]],
                hide_index=True, key=f"story_articles_{story.story_id}",
                column_config={"url": ui.article_link_config(), "n_chars": st.column_config.NumberColumn("chars"),
                               "published_at_source": st.column_config.TextColumn("date from")},
            )
            for ev in events.itertuples():
                st.page_link(ui.EVENT_PAGE, query_params={"event_id": ev.event_id}, icon=":material/event:",
                             label=f"{ev.date} · {ui.type_label(ev.event_type)} · {ev.partner} · {ev.status}")


ui.guarded(render)
