create table public.orders (id integer primary key, customer_id integer, placed date, status text);
create index orders_status_idx on public.orders (status);
insert into public.orders values (1, 1, '2024-01-01', 'new');
