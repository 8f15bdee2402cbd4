-- A unique constraint (it must include the partition key) and a check are added to a
-- partitioned table; the copies on the partitions are PostgreSQL's to make.
create table public.orders (id integer not null, placed date not null, total numeric) partition by range (placed);
create table public.orders_2024 partition of public.orders for values from ('2024-01-01') to ('2025-01-01');
insert into public.orders values (1, '2024-02-02', 10);
