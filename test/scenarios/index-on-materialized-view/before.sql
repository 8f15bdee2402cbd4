create table public.sales (id integer primary key, region text, amount numeric);
insert into public.sales values (1, 'eu', 10), (2, 'us', 20);
create materialized view public.sales_by_region as select region, sum(amount) as total from public.sales group by region;
