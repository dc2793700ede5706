-- Provenance: every event points to at least one sentence of an article.
select events.event_id
from {{ ref('fct_diplomatic_events') }} as events
left join {{ ref('fct_event_evidence') }} as evidence on evidence.event_id = events.event_id
where evidence.event_id is null
