{{ config(alias='rejected_inputs') }}
-- audit.rejected_inputs of the published snapshot: a table (not a view, so it survives
-- the copy into the snapshot), without the original bytes.
select
    source_file,
    source_record,
    reason,
    size_bytes,
    load_id,
    rejected_at
from {{ ref('stg_rejected_inputs') }}
