create table public.orders (id serial primary key, ref text not null);
create table public.order_lines (id serial primary key, order_id integer not null references public.orders (id), qty smallint);
insert into public.orders (ref) values ('A'), ('B');
insert into public.order_lines (order_id, qty) values (1, 3), (2, 4);
