-- The incremental model's key (day, customer) must stay unique across runs.
select event_date, customer_id, count(*) as rows_for_key
from {{ ref('customer_daily_activity') }}
group by event_date, customer_id
having count(*) > 1
