{{ config(severity='warn') }}
-- An event needs a Central Asian party; the extractor should never emit one without.
select events.event_id
from {{ ref('fct_diplomatic_events') }} as events
left join {{ ref('bridge_event_participants') }} as bridge on bridge.event_id = events.event_id
where bridge.event_id is null
