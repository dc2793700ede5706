-- When was each outside power's first summit with Central Asia?
--
-- One row per partner that has at least one summit in the warehouse. The first summit is the
-- one the articles call "first" or "inaugural" (is_first = true) when there is one, else the
-- earliest dated summit the warehouse knows; `basis` says which. The earliest summit in the
-- warehouse is not necessarily the first in history: the warehouse only knows what its
-- articles report (basis flags an earliest summit the text itself calls "second" etc.).
-- Dates keep their precision (a month-precision date is the 1st of the month).
--
-- Run:  duckdb -readonly warehouse/diplomacy.duckdb < queries/first_summits_by_partner.sql
-- Columns: partner_code, partner_name, partner_kind, first_summit_date, date_precision, status,
--          host_code, location_city, level, basis, n_summits, event_id
WITH summits AS (
    SELECT
        e.*,
        row_number() OVER (
            PARTITION BY e.partner_code
            ORDER BY (e.is_first IS TRUE) DESC, e.date_start NULLS LAST, e.event_id
        ) AS pick,
        count(*) OVER (PARTITION BY e.partner_code) AS n_summits
    FROM marts.fct_diplomatic_events AS e
    WHERE e.event_type = 'summit'
      AND e.partner_code IS NOT NULL
)
SELECT
    s.partner_code,
    p.name                AS partner_name,
    p.kind                AS partner_kind,
    s.date_start          AS first_summit_date,
    s.date_precision,
    s.status,
    s.host_code,
    s.location_city,
    s.level,
    CASE
        WHEN s.is_first THEN 'called first in the text'
        WHEN NOT s.is_first THEN 'earliest in the warehouse, but the text says it was not the first'
        ELSE 'earliest summit in the warehouse'
    END                   AS basis,
    s.n_summits,
    s.event_id
FROM summits AS s
JOIN marts.dim_partners AS p ON p.partner_code = s.partner_code
WHERE s.pick = 1
ORDER BY s.date_start NULLS LAST, s.partner_code;
