create table public.orders (region text not null, id integer not null, total numeric) partition by list (region);
create table public.orders_eu partition of public.orders for values in ('eu');
create table public.orders_us partition of public.orders for values in ('us');
