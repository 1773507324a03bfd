-- Website events from the shop app, typed and named like the rest of the warehouse.
select
    event_id,
    customer_id,
    event_type,
    occurred_at,
    cast(occurred_at as date) as event_date
from {{ source('shop_app', 'events') }}
