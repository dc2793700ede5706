-- Outside powers and blocs from the reference seed (plugins/diplomacy/reference/seeds/partners.csv).
select
    partner_code,
    name,
    kind
from {{ ref('partners') }}
