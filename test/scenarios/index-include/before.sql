create table public.orders (id integer primary key, customer_id integer, total numeric, placed date);
create index orders_customer_idx on public.orders (customer_id);
insert into public.orders values (1, 1, 9.5, '2024-01-01');
