-- What landing could not read, without the original bytes.
select
    source_file,
    source_record,
    reason,
    size_bytes,
    load_id,
    rejected_at
from {{ source('raw', 'rejected_inputs') }}
