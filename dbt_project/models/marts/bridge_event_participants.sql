-- Event x Central Asian participant. role: host when it hosts; guest when someone else
-- (the partner, another state) hosts; participant when no host is known.
with events as (
    select event_id, host_code, participants
    from {{ ref('int_events') }}
),

participants as (
    select event_id, host_code, unnest(participants) as iso2
    from events
)

select
    event_id,
    iso2,
    case
        when host_code = iso2 then 'host'
        when host_code is not null then 'guest'
        else 'participant'
    end as role
from participants
