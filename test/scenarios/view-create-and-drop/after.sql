create table public.orders (id integer primary key, total numeric, paid boolean);
create view public."Paid Orders" as select id, total from public.orders where paid;
comment on view public."Paid Orders" is 'orders with money in';
