-- A view column's type changes (integer → numeric): drop and create.
create table public.items (id integer primary key, price_cents integer);
create view public.item_prices as select id, price_cents as price from public.items;
