create table public.orders (id integer primary key, customer text, total numeric, note text);
create view public.v1_orders as select id, customer, total from public.orders;
create view public.v2_customers as select customer, sum(total) as total from public.v1_orders group by customer;
create view public.v3_top as select customer from public.v2_customers where total > 100;
