create table public.orders (id integer not null, placed date not null, total numeric,
  constraint orders_id_placed_key unique (id, placed),
  constraint orders_total_check check (total >= 0)) partition by range (placed);
create table public.orders_2024 partition of public.orders for values from ('2024-01-01') to ('2025-01-01');
