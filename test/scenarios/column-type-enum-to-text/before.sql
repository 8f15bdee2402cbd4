-- An enum column becomes text and the enum is dropped.
create type public.order_status as enum ('new', 'paid', 'shipped');
create table public.orders (id integer primary key, status public.order_status not null default 'new');
insert into public.orders values (1, 'new'), (2, 'shipped');
