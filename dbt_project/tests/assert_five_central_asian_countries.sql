-- The data contract: dim_countries has exactly five Central Asian states.
select count(*) as n_central_asian
from {{ ref('dim_countries') }}
where is_central_asian
having count(*) <> 5
