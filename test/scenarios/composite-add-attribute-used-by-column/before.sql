-- ALTER TYPE … ADD ATTRIBUTE on a composite type a table column uses; rows keep their values.
create type public.address as (street text, city text);
create table public.customers (id integer primary key, home public.address);
insert into public.customers values (1, row('1 Main St', 'Springfield')), (2, null);
