-- Which announced events are not yet confirmed to have taken place?
--
-- One row per event whose status is still 'scheduled': no article in the warehouse says it
-- happened, and its date's period had not ended when the latest reporting article was
-- published. is_overdue is true when that period (period_end: the end of the month or year for
-- a vague date, date_end for a range) is already over today: such an event probably took place
-- (or was postponed) but nothing landed says so yet — worth checking.
--
-- Run:  duckdb -readonly warehouse/diplomacy.duckdb < queries/scheduled_events_not_confirmed.sql
-- Columns: event_id, event_type, partner_code, partner_name, host_code, location_city,
--          date_start, date_end, date_precision, period_end, participants, first_reported_at,
--          last_reported_at, n_stories, is_overdue
SELECT
    e.event_id,
    e.event_type,
    e.partner_code,
    p.name                                                    AS partner_name,
    e.host_code,
    e.location_city,
    e.date_start,
    e.date_end,
    e.date_precision,
    coalesce(e.period_end, e.date_end, e.date_start)          AS period_end,
    (SELECT string_agg(bp.iso2, ', ' ORDER BY bp.iso2)
       FROM marts.bridge_event_participants AS bp
      WHERE bp.event_id = e.event_id)                         AS participants,
    e.first_reported_at,
    e.last_reported_at,
    e.n_stories,
    coalesce(coalesce(e.period_end, e.date_end, e.date_start) < current_date, false) AS is_overdue
FROM marts.fct_diplomatic_events AS e
LEFT JOIN marts.dim_partners AS p ON p.partner_code = e.partner_code
WHERE e.status = 'scheduled'
ORDER BY e.date_start NULLS LAST, e.event_id;
