-- Who are each Central Asian state's partners, ranked by the events they share?
--
-- One row per Central Asian state and outside partner: the events (from the articles) in which
-- the state takes part with that partner, ranked within the state (1 = most events; ties share
-- a rank). An event with all five states counts once for each of them. Events among Central
-- Asian states only (no outside partner) are left out.
--
-- Run:  duckdb -readonly warehouse/diplomacy.duckdb < queries/state_partners_ranked.sql
-- Columns: ca_iso2, state_name, partner_rank, partner_code, partner_name, n_events, n_occurred,
--          n_scheduled, n_leader_level, first_event_date, last_event_date
SELECT
    c.iso2                                                                  AS ca_iso2,
    c.name                                                                  AS state_name,
    rank() OVER (PARTITION BY c.iso2 ORDER BY count(DISTINCT e.event_id) DESC) AS partner_rank,
    e.partner_code,
    p.name                                                                  AS partner_name,
    count(DISTINCT e.event_id)                                              AS n_events,
    count(DISTINCT e.event_id) FILTER (WHERE e.status = 'occurred')         AS n_occurred,
    count(DISTINCT e.event_id) FILTER (WHERE e.status = 'scheduled')        AS n_scheduled,
    count(DISTINCT e.event_id) FILTER (WHERE e.level = 'leaders')           AS n_leader_level,
    min(e.date_start)                                                       AS first_event_date,
    max(e.date_start)                                                       AS last_event_date
FROM marts.bridge_event_participants AS bp
JOIN marts.fct_diplomatic_events AS e ON e.event_id = bp.event_id
JOIN marts.dim_countries AS c ON c.iso2 = bp.iso2 AND c.is_central_asian
JOIN marts.dim_partners AS p ON p.partner_code = e.partner_code
GROUP BY c.iso2, c.name, e.partner_code, p.name
ORDER BY ca_iso2, partner_rank, e.partner_code;
