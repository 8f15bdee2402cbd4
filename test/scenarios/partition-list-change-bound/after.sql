create table public.customers (country text not null, id integer not null) partition by list (country);
create table public.customers_dach partition of public.customers for values in ('de', 'at', 'ch');
create table public.customers_rest partition of public.customers default;
