-- pg_get_viewdef rebuilds the query: qualification, aliases and keyword case do not matter.
create table public.orders (id integer primary key, total numeric);
create view public.big_orders as select id, total from orders where total > 100;
