-- Every file and record an article was landed from: an exact copy of a text in
-- another file is one article (dim_articles) with two sources here.
select
    sources.article_id,
    sources.source_file,
    sources.source_record,
    sources.source_format,
    sources.load_id,
    sources.seen_at
from {{ source('raw', 'article_sources') }} as sources
where sources.article_id in (select article_id from {{ ref('stg_articles') }})
