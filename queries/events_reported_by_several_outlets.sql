-- Which events were reported more than once, and by how many independent stories and outlets?
--
-- One row per event that at least two articles report (n_articles >= 2). Copies and rewrites of
-- one story share a story_id, so n_stories counts independent reports and n_articles - n_stories
-- the extra copies. n_outlets and outlets come from the articles that carry the event's evidence
-- sentences (an article without an outlet in its metadata counts as "(unknown outlet)" in the
-- list, not in n_outlets). The best-corroborated events come first.
--
-- Run:  duckdb -readonly warehouse/diplomacy.duckdb < queries/events_reported_by_several_outlets.sql
-- Columns: event_id, event_type, partner_code, date_start, date_precision, status, n_articles,
--          n_stories, n_outlets, outlets, first_reported_at, last_reported_at
WITH reports AS (
    SELECT
        ev.event_id,
        count(DISTINCT a.outlet)                                              AS n_outlets,
        string_agg(DISTINCT coalesce(a.outlet, '(unknown outlet)'), '; '
                   ORDER BY coalesce(a.outlet, '(unknown outlet)'))          AS outlets
    FROM marts.fct_event_evidence AS ev
    JOIN marts.dim_articles AS a ON a.article_id = ev.article_id
    GROUP BY ev.event_id
)
SELECT
    e.event_id,
    e.event_type,
    e.partner_code,
    e.date_start,
    e.date_precision,
    e.status,
    e.n_articles,
    e.n_stories,
    coalesce(r.n_outlets, 0) AS n_outlets,
    r.outlets,
    e.first_reported_at,
    e.last_reported_at
FROM marts.fct_diplomatic_events AS e
LEFT JOIN reports AS r ON r.event_id = e.event_id
WHERE e.n_articles >= 2
ORDER BY e.n_stories DESC, n_outlets DESC, e.n_articles DESC, e.date_start NULLS LAST, e.event_id;
