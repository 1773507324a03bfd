{#
  Stands in for the shop app's event loader, which in real life lands `app_events` outside dbt.
  Called from on-run-start so the `shop_app` source exists before any model reads it. Portable SQL
  (DuckDB and PostgreSQL); loads a fixed, deterministic set of 240 events once.
#}
{% macro create_shop_app_events() %}
create schema if not exists {{ target.schema }};
create table if not exists {{ target.schema }}.app_events (
    event_id integer not null,
    customer_id integer,
    event_type varchar(20) not null,
    occurred_at timestamp not null
);
insert into {{ target.schema }}.app_events (event_id, customer_id, event_type, occurred_at)
select
    g.n as event_id,
    -- every 11th visitor is anonymous; customers 35-40 browse without ordering
    case when g.n % 11 = 0 then null else 1 + (g.n * 7) % 40 end as customer_id,
    case
        when g.n % 6 = 0 then 'checkout'
        when g.n % 6 in (1, 2) then 'add_to_cart'
        else 'page_view'
    end as event_type,
    cast('2024-05-01 08:00:00' as timestamp) + g.n * interval '29 minutes' as occurred_at
from generate_series(1, 240) as g(n)
where not exists (select 1 from {{ target.schema }}.app_events)
{% endmacro %}
