-- Payments rolled up per order and method; ephemeral, so it is inlined into the marts that use it.
{% set methods = ['credit_card', 'paypal', 'bank_transfer', 'gift_card'] %}
select
    order_id,
    {% for method in methods -%}
    sum(case when payment_method = '{{ method }}' then amount else 0 end) as {{ method }}_amount,
    {% endfor -%}
    sum(amount) as total_amount,
    count(*) as payment_count
from {{ ref('stg_payments') }}
group by order_id
