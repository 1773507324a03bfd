-- One row per order with what was paid and how.
select
    o.order_id,
    o.customer_id,
    o.order_date,
    o.status,
    p.credit_card_amount,
    p.paypal_amount,
    p.bank_transfer_amount,
    p.gift_card_amount,
    coalesce(p.total_amount, 0) as amount,
    coalesce(p.payment_count, 0) as payment_count
from {{ ref('stg_orders') }} as o
left join {{ ref('int_order_payments') }} as p
    on o.order_id = p.order_id
