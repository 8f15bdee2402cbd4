-- A composite type used by a column: one attribute retyped (ALTER ATTRIBUTE refuses while a
-- column uses the type), one dropped, one added.
create type public.money_amount as (amount bigint, currency text, rate numeric);
create table public.orders (id integer primary key, total public.money_amount);
