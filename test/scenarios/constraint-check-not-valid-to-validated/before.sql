-- A check added NOT VALID becomes validated (VALIDATE CONSTRAINT); down drops it and
-- adds it back NOT VALID.
create table public.orders (id integer primary key, total numeric);
insert into public.orders values (1, 10), (2, 0);
alter table public.orders add constraint orders_total_check check (total >= 0) not valid;
