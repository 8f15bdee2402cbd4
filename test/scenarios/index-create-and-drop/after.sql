create table public.orders (id integer primary key, customer_id integer, placed date, status text);
create index orders_customer_placed_idx on public.orders (customer_id, placed);
create index "Orders By Date" on public.orders using brin (placed);
