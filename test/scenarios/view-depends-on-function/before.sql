-- A view calls a function whose return type changes: drop the view, drop and create the
-- function, create the view.
create table public.orders (id integer primary key, cents integer);
create function public.to_money(c integer) returns integer language sql immutable as $$ select c / 100 $$;
create view public.order_amounts as select id, public.to_money(cents) as amount from public.orders;
insert into public.orders values (1, 1999);
