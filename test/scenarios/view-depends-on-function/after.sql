create table public.orders (id integer primary key, cents integer);
create function public.to_money(c integer) returns numeric language sql immutable as $$ select c / 100.0 $$;
create view public.order_amounts as select id, public.to_money(cents) as amount from public.orders;
