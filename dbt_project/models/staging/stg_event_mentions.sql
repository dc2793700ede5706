-- Event mentions of the current extractor version, with dates normalised to the contract:
-- month/year precision store the first day of the period, date_end is null unless a range,
-- and period_start/period_end give the span the date denotes at its precision.
with central_asian as (
    select list(iso2 order by iso2) as codes
    from {{ ref('countries') }}
    where is_central_asian
),

mentions as (
    select
        mention_id,
        article_id,
        sentence_index,
        sentence,
        char_start,
        char_end,
        lower(trim(event_type)) as event_type,
        nullif(upper(trim(partner_code)), '') as partner_code,
        nullif(upper(trim(host_code)), '') as host_code,
        nullif(trim(location_city), '') as location_city,
        participants,
        date_start,
        date_end,
        -- a date without a precision is a day; no date, no precision
        case when date_start is not null then coalesce(lower(trim(date_precision)), 'day') end as date_precision,
        lower(trim(status)) as status,
        is_first,
        lower(trim(level)) as level,
        trigger
    from {{ source('raw', 'event_mentions') }}
    where extractor_version = {{ current_extractor_version_literal() }}
),

truncated as (
    select
        *,
        case date_precision
            when 'month' then cast(date_trunc('month', date_start) as date)
            when 'year' then cast(date_trunc('year', date_start) as date)
            else date_start
        end as start_of_period,
        case date_precision
            when 'month' then cast(date_trunc('month', date_end) as date)
            when 'year' then cast(date_trunc('year', date_end) as date)
            else date_end
        end as end_of_range
    from mentions
)

select
    mention_id,
    article_id,
    sentence_index,
    sentence,
    char_start,
    char_end,
    event_type,
    partner_code,
    host_code,
    location_city,
    participants,
    list_sort(list_distinct(list_filter(
        list_transform(coalesce(participants, []), lambda p: upper(trim(p))),
        lambda p: list_contains(central_asian.codes, p)
    ))) as ca_participants,
    start_of_period as date_start,
    -- a range only when it ends after it starts (at the mention's precision)
    case when end_of_range > start_of_period then end_of_range end as date_end,
    date_precision,
    start_of_period as period_start,
    case date_precision
        when 'month' then last_day(greatest(start_of_period, coalesce(end_of_range, start_of_period)))
        when 'year' then make_date(year(greatest(start_of_period, coalesce(end_of_range, start_of_period))), 12, 31)
        else greatest(start_of_period, coalesce(end_of_range, start_of_period))
    end as period_end,
    status,
    is_first,
    level,
    trigger
from truncated
cross join central_asian
