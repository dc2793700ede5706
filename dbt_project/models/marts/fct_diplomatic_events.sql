-- One row per real-world diplomatic event, merged across articles (see int_events).
select
    event_id,
    event_type,
    partner_code,
    host_code,
    location_city,
    date_start,
    date_end,
    date_precision,
    status,
    is_first,
    level,
    n_articles,
    n_stories,
    first_reported_at,
    confidence,
    n_mentions,
    period_end,
    last_reported_at
from {{ ref('int_events') }}
