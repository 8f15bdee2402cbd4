-- A new sub-partitioned partition (range, then list) is added.
create table public.sales (sold_on date not null, channel text not null, amount numeric) partition by range (sold_on);
create table public.sales_2024 partition of public.sales for values from ('2024-01-01') to ('2025-01-01');
insert into public.sales values ('2024-02-02', 'web', 9.99);
