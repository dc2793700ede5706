-- Relationship mentions of the current extractor version. ca_iso2 'ALL' (a statement
-- about the whole region) is kept here; the mart expands it to the five states.
select
    mention_id,
    article_id,
    sentence_index,
    sentence,
    char_start,
    char_end,
    upper(trim(ca_iso2)) as ca_iso2,
    upper(trim(partner_code)) as partner_code,
    lower(trim(relation)) as relation,
    nullif(trim(value), '') as value,
    since,
    upper(trim(ca_iso2)) = 'ALL' as is_region_level
from {{ source('raw', 'relationship_mentions') }}
where extractor_version = {{ current_extractor_version_literal() }}
