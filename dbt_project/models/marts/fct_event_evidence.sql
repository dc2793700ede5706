-- Provenance: one row per distinct sentence that states an event (clauses of one
-- sentence that the extractor read as separate mentions of one event count once).
select
    event_id,
    article_id,
    sentence,
    char_start,
    char_end,
    any_value(story_id) as story_id,
    min(sentence_index) as sentence_index,
    count(*) as n_mentions
from {{ ref('int_event_mentions_clustered') }}
group by event_id, article_id, sentence, char_start, char_end
