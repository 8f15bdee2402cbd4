create table public.orders (id integer primary key, total numeric, paid boolean);
create view public.unpaid as select id, total from public.orders where not paid;
insert into public.orders values (1, 10, false);
