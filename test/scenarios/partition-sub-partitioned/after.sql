create table public.sales (sold_on date not null, channel text not null, amount numeric) partition by range (sold_on);
create table public.sales_2024 partition of public.sales for values from ('2024-01-01') to ('2025-01-01');
create table public.sales_2025 partition of public.sales for values from ('2025-01-01') to ('2026-01-01') partition by list (channel);
create table public.sales_2025_web partition of public.sales_2025 for values in ('web');
create table public.sales_2025_shop partition of public.sales_2025 for values in ('shop');
