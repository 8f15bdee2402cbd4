create table public.orders (id integer primary key, customer_id integer, total numeric, placed date);
create index orders_customer_idx on public.orders (customer_id) include (total, placed);
