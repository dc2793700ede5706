-- Countries from the reference seed (plugins/diplomacy/reference/seeds/countries.csv).
select
    iso2,
    name,
    is_central_asian,
    capital,
    region
from {{ ref('countries') }}
