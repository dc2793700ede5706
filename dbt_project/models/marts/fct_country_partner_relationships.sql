-- One row per (Central Asian state, partner, relation). A region-level mention
-- (ca_iso2 = 'ALL') stands for each of the five states; a country-specific mention
-- wins over a region-level one, then the most recently published, then the first mention_id.
with central_asian as (
    select iso2 from {{ ref('countries') }} where is_central_asian
),

mentions as (
    select
        mentions.*,
        articles.published_at
    from {{ ref('stg_relationship_mentions') }} as mentions
    left join {{ ref('stg_articles') }} as articles on articles.article_id = mentions.article_id
),

expanded as (
    select
        central_asian.iso2 as ca_iso2,
        mentions.* exclude (ca_iso2)
    from mentions
    inner join central_asian
        on mentions.ca_iso2 = central_asian.iso2 or mentions.is_region_level
),

counted as (
    select
        ca_iso2,
        partner_code,
        relation,
        count(*) as n_mentions,
        count(distinct article_id) as n_articles
    from expanded
    group by ca_iso2, partner_code, relation
),

chosen as (
    select *
    from expanded
    qualify row_number() over (
        partition by ca_iso2, partner_code, relation
        order by is_region_level, published_at desc nulls last, mention_id
    ) = 1
),

event_participation as (
    select
        participant.iso2 as ca_iso2,
        events.partner_code,
        count(distinct events.event_id) as n_events,
        min(events.date_start) as first_event_date,
        max(events.date_start) as last_event_date
    from {{ ref('int_events') }} as events
    cross join unnest(events.participants) as participant(iso2)
    where events.partner_code is not null
    group by participant.iso2, events.partner_code
)

select
    chosen.ca_iso2,
    chosen.partner_code,
    chosen.relation,
    chosen.value,
    chosen.since,
    coalesce(event_participation.n_events, 0) as n_events,
    event_participation.first_event_date,
    event_participation.last_event_date,
    chosen.article_id as evidence_article_id,
    chosen.sentence as evidence_sentence,
    chosen.is_region_level,
    chosen.mention_id as evidence_mention_id,
    chosen.char_start as evidence_char_start,
    chosen.char_end as evidence_char_end,
    counted.n_mentions,
    counted.n_articles
from chosen
inner join counted
    on counted.ca_iso2 = chosen.ca_iso2
    and counted.partner_code = chosen.partner_code
    and counted.relation = chosen.relation
left join event_participation
    on event_participation.ca_iso2 = chosen.ca_iso2
    and event_participation.partner_code = chosen.partner_code
