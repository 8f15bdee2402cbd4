-- A renamed label and an added label in the same migration, both already used by a
-- default and a check on a table with rows.
create type public.order_state as enum ('new', 'payed', 'shipped');
create table public.orders (id integer primary key, state public.order_state not null default 'new');
insert into public.orders values (1, 'new'), (2, 'payed'), (3, 'shipped');
