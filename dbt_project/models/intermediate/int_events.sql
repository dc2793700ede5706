-- One row per merged event: the cluster's mentions aggregated (rules in int_events.yml).
with mentions as (
    select * from {{ ref('int_event_mentions_clustered') }}
),

central_asian as (
    select iso2 from {{ ref('countries') }} where is_central_asian
),

-- The date: the most precise among mentions; tie -> the most frequent, then the earliest.
dated as (
    select
        event_id,
        mention_id,
        date_start,
        date_end,
        date_precision,
        period_start,
        period_end,
        {{ precision_rank('date_precision') }} as precision_rank,
        count(*) over (partition by event_id, date_precision, date_start, date_end) as n_same_date
    from mentions
),

chosen_date as (
    select *
    from dated
    qualify row_number() over (
        partition by event_id
        order by precision_rank desc, n_same_date desc, date_start nulls last, date_end nulls first, mention_id
    ) = 1
),

hosts as (
    {{ most_frequent('mentions', 'event_id', 'host_code') }}
),

cities as (
    {{ most_frequent('mentions', 'event_id', 'location_city') }}
),

firsts as (
    {{ most_frequent('mentions', 'event_id', 'is_first') }}
),

aggregated as (
    select
        event_id,
        min(mention_id) as earliest_mention_id,
        any_value(event_type) as event_type,
        any_value(partner_code) as partner_code,
        list_sort(list_distinct(flatten(list(ca_participants)))) as mention_participants,
        max({{ level_rank('level') }}) as level_rank,
        bool_or(status = 'occurred') as any_occurred,
        count(*) as n_mentions,
        count(distinct article_id) as n_articles,
        count(distinct story_id) as n_stories,
        min(article_published_at) as first_published_at,
        max(article_published_at) as last_reported_at,
        max(article_published_date) as latest_published_date,
        min(article_landed_at) as first_landed_at
    from mentions
    group by event_id
),

events as (
    select
        aggregated.event_id,
        aggregated.event_type,
        aggregated.partner_code,
        hosts.host_code,
        cities.location_city,
        chosen_date.date_start,
        chosen_date.date_end,
        chosen_date.date_precision,
        chosen_date.period_start,
        chosen_date.period_end,
        case
            when aggregated.any_occurred then 'occurred'
            when chosen_date.period_end < aggregated.latest_published_date then 'occurred'
            else 'scheduled'
        end as status,
        firsts.is_first,
        case aggregated.level_rank
            when 3 then 'leaders' when 2 then 'ministers' when 1 then 'officials' else 'unknown'
        end as level,
        -- a Central Asian host takes part even when no sentence lists it
        list_sort(list_distinct(
            aggregated.mention_participants
            || case when hosts.host_code in (select iso2 from central_asian) then [hosts.host_code] else [] end
        )) as participants,
        aggregated.n_mentions,
        aggregated.n_articles,
        aggregated.n_stories,
        coalesce(aggregated.first_published_at, aggregated.first_landed_at) as first_reported_at,
        aggregated.first_published_at is null as first_reported_at_is_landed,
        aggregated.last_reported_at,
        aggregated.earliest_mention_id,
        chosen_date.precision_rank
    from aggregated
    inner join chosen_date on chosen_date.event_id = aggregated.event_id
    left join hosts on hosts.event_id = aggregated.event_id
    left join cities on cities.event_id = aggregated.event_id
    left join firsts on firsts.event_id = aggregated.event_id
)

select
    * exclude (precision_rank),
    -- confidence in [0, 1]: 0.5 from independent stories (saturating at 3), 0.3 from the
    -- date's precision (day 1, month 0.6, year 0.3, none 0), 0.2 from the number of
    -- mentions (saturating at 3).
    round(
        0.5 * least(n_stories, 3) / 3.0
        + 0.3 * case precision_rank when 3 then 1.0 when 2 then 0.6 when 1 then 0.3 else 0.0 end
        + 0.2 * least(n_mentions, 3) / 3.0,
        3
    ) as confidence
from events
