-- A standalone table with rows becomes a list partition (ATTACH PARTITION). Attaching
-- makes its columns inherited (attislocal false), just as CREATE TABLE … PARTITION OF does.
create table public.orders (region text not null, id integer not null, total numeric) partition by list (region);
create table public.orders_eu partition of public.orders for values in ('eu');
create table public.orders_us (region text not null, id integer not null, total numeric);
insert into public.orders values ('eu', 1, 10);
insert into public.orders_us values ('us', 2, 20), ('us', 3, 30);
