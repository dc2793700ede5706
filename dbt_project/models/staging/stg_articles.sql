-- One row per landed article, without its text, with its story and its publication time:
-- metadata first, else the date the current extractor inferred from the text, else unknown.
-- Only articles of loads that passed the landing gate reach the marts.
with articles as (
    select
        article_id,
        content_hash,
        title,
        url,
        outlet,
        published_raw,
        published_at,
        language,
        source_file,
        source_record,
        source_format,
        n_chars,
        load_id,
        landed_at
    from {{ source('raw', 'articles') }}
    where load_id in (select load_id from {{ source('raw', 'loads') }} where gate_success)
),

stories as (
    select article_id, story_id, matched_article_id, containment
    from {{ source('raw', 'article_stories') }}
),

extracted as (
    select article_id, published_date, n_sentences, extracted_at
    from {{ source('raw', 'extracted_articles') }}
    where extractor_version = {{ current_extractor_version_literal() }}
)

select
    articles.article_id,
    coalesce(stories.story_id, articles.article_id) as story_id,
    stories.matched_article_id,
    stories.containment,
    articles.content_hash,
    articles.url,
    articles.outlet,
    articles.title,
    case
        when articles.published_at is not null then articles.published_at
        when extracted.published_date is not null then cast(extracted.published_date as timestamp)
    end as published_at,
    cast(case
        when articles.published_at is not null then articles.published_at
        when extracted.published_date is not null then extracted.published_date
    end as date) as published_date,
    case
        when articles.published_at is not null then 'metadata'
        when extracted.published_date is not null then 'text'
        else 'unknown'
    end as published_at_source,
    articles.published_raw,
    articles.language,
    articles.n_chars,
    articles.source_file,
    articles.source_record,
    articles.source_format,
    articles.load_id,
    articles.landed_at,
    extracted.article_id is not null as is_extracted,
    extracted.n_sentences,
    extracted.extracted_at
from articles
left join stories on stories.article_id = articles.article_id
left join extracted on extracted.article_id = articles.article_id
