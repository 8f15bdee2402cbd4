create type public.address as (street text, city text, "postal code" varchar(10));
create table public.customers (id integer primary key, home public.address);
