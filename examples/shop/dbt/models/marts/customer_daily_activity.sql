-- Website activity per customer and day. Incremental: each run reprocesses only the latest day it has
-- and anything newer (delete+insert on the day/customer key works the same on DuckDB and PostgreSQL).
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['event_date', 'customer_id'],
    )
}}

select
    event_date,
    customer_id,
    sum(case when event_type = 'page_view' then 1 else 0 end) as page_views,
    sum(case when event_type = 'add_to_cart' then 1 else 0 end) as add_to_carts,
    sum(case when event_type = 'checkout' then 1 else 0 end) as checkouts,
    count(*) as events
from {{ ref('stg_app_events') }}
where customer_id is not null
{% if is_incremental() %}
    and event_date >= (select max(event_date) from {{ this }})
{% endif %}
group by event_date, customer_id
