create table public.orders (id integer primary key, total numeric, constraint orders_total_check check (total >= 0));
