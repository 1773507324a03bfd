-- Every payment must land on exactly one order: the totals agree to the cent.
select
    (select sum(amount) from {{ ref('orders') }}) as order_total,
    (select sum(amount) from {{ ref('stg_payments') }}) as payment_total
where (select sum(amount) from {{ ref('orders') }})
    <> (select sum(amount) from {{ ref('stg_payments') }})
