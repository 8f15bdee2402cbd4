create table public.orders (id integer primary key, total numeric);
CREATE VIEW public.big_orders AS SELECT orders.id, orders.total FROM public.orders WHERE (orders.total > (100)::numeric);
