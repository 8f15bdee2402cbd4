create table public.items (id integer primary key, price_cents integer);
create view public.item_prices as select id, price_cents / 100.0 as price from public.items;
