create table public.orders (id integer primary key, total numeric not null);
create view public."Order Summary" as select count(*) as orders, sum(total) as total from public.orders;
