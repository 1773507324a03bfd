-- One row per payment attempt that succeeded; amounts converted from cents.
select
    id as payment_id,
    order_id,
    payment_method,
    -- cast after dividing: DuckDB divides decimals as doubles, and money must add up exactly
    cast(amount_cents / 100.0 as numeric(12, 2)) as amount
from {{ ref('raw_payments') }}
