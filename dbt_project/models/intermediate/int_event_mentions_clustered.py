"""Event mentions with the event_id of the real-world event they report.

The merging rules live in diplomacy.merge.cluster_event_mentions (pure pandas,
unit-tested in tests/dbt/test_merge_clusters.py); this model only feeds it the mentions with
the story and publication date of their article, and joins the ids back."""


def model(dbt, session):
    dbt.config(materialized="table")

    from diplomacy.merge import cluster_event_mentions

    mentions = dbt.ref("stg_event_mentions")
    articles = dbt.ref("stg_articles")

    # Only the columns the clustering needs (never the article text or the sentence).
    features = (
        mentions.set_alias("m")
        .join(articles.set_alias("a"), "m.article_id = a.article_id", how="left")
        .select(
            "m.mention_id, m.event_type, m.partner_code, m.ca_participants as participants, "
            "m.date_start, m.date_end, m.date_precision, m.status, "
            "a.story_id, a.published_date"
        )
        .order("mention_id")
        .df()
    )
    clustered = cluster_event_mentions(features)[["mention_id", "event_id"]]

    assignments = session.from_df(clustered).set_alias("c")
    return (
        mentions.set_alias("m")
        .join(articles.set_alias("a"), "m.article_id = a.article_id", how="left")
        .join(assignments, "m.mention_id = c.mention_id", how="inner")
        # cast: from an empty frame DuckDB would infer a NULL-typed event_id column
        .select(
            "cast(c.event_id as varchar) as event_id, m.mention_id, m.article_id, a.story_id, "
            "a.published_at as article_published_at, a.published_date as article_published_date, "
            "a.landed_at as article_landed_at, "
            "m.sentence_index, m.sentence, m.char_start, m.char_end, "
            "m.event_type, m.partner_code, m.host_code, m.location_city, m.ca_participants, "
            "m.date_start, m.date_end, m.date_precision, m.period_start, m.period_end, "
            "m.status, m.is_first, m.level"
        )
        .order("event_id, mention_id")
    )
