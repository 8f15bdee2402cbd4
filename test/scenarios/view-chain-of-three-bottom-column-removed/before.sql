-- v1 reads the table, v2 reads v1, v3 reads v2. v1 loses a column none of the others
-- use... but they depend on v1 as a whole, so all three are dropped (v3, v2, v1) and
-- created again (v1, v2, v3).
create table public.orders (id integer primary key, customer text, total numeric, note text);
create view public.v1_orders as select id, customer, total, note from public.orders;
create view public.v2_customers as select customer, sum(total) as total from public.v1_orders group by customer;
create view public.v3_top as select customer from public.v2_customers where total > 100;
insert into public.orders values (1, 'a', 150, null);
