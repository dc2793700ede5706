-- Which outside powers held leader-level summits with all five Central Asian states, and in which years?
--
-- One row per year and partner: the summits at leaders' level in which every Central Asian
-- state (KZ, UZ, KG, TJ, TM) takes part, how many already took place and how many are only
-- scheduled, where, and the event ids (look them up in marts.fct_diplomatic_events or on the
-- dashboard's event page). The year is that of date_start, so a summit known only as
-- "in 2025" (date_precision = 'year') still counts; undated summits are left out.
--
-- Run:  duckdb -readonly warehouse/diplomacy.duckdb < queries/leader_summits_all_five_by_year.sql
--       python: duckdb.connect("warehouse/diplomacy.duckdb", read_only=True).execute(open(path).read()).df()
-- Columns: year, partner_code, partner_name, n_summits, n_occurred, n_scheduled, locations, event_ids
WITH central_asia AS (
    SELECT iso2 FROM marts.dim_countries WHERE is_central_asian
),
summit_states AS (
    SELECT e.event_id, e.partner_code, e.date_start, e.status, e.location_city,
           count(DISTINCT bp.iso2) AS n_states
    FROM marts.fct_diplomatic_events AS e
    JOIN marts.bridge_event_participants AS bp ON bp.event_id = e.event_id
    JOIN central_asia AS ca ON ca.iso2 = bp.iso2
    WHERE e.event_type = 'summit'
      AND e.level = 'leaders'
      AND e.partner_code IS NOT NULL
      AND e.date_start IS NOT NULL
    GROUP BY e.event_id, e.partner_code, e.date_start, e.status, e.location_city
)
SELECT
    year(s.date_start)                                                   AS year,
    s.partner_code,
    p.name                                                               AS partner_name,
    count(*)                                                             AS n_summits,
    count(*) FILTER (WHERE s.status = 'occurred')                        AS n_occurred,
    count(*) FILTER (WHERE s.status = 'scheduled')                       AS n_scheduled,
    string_agg(coalesce(s.location_city, '(city not given)'), '; ' ORDER BY s.date_start, s.event_id) AS locations,
    string_agg(s.event_id, ', ' ORDER BY s.date_start, s.event_id)       AS event_ids
FROM summit_states AS s
JOIN marts.dim_partners AS p ON p.partner_code = s.partner_code
WHERE s.n_states = (SELECT count(*) FROM central_asia)
GROUP BY year(s.date_start), s.partner_code, p.name
ORDER BY year, s.partner_code;
