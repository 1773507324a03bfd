-- One row per customer, cleaned from the shop database export.
select
    id as customer_id,
    first_name,
    last_name,
    first_name || ' ' || last_name as full_name,
    lower(email) as email,
    signup_date,
    upper(country_code) as country_code
from {{ ref('raw_customers') }}
