-- One row per landed article (no text: BI reads metadata; evidence sentences are in fct_event_evidence).
select
    article_id,
    story_id,
    url,
    outlet,
    title,
    published_at,
    published_at_source,
    language,
    n_chars,
    source_file,
    load_id,
    published_date,
    source_record,
    source_format,
    landed_at
from {{ ref('stg_articles') }}
