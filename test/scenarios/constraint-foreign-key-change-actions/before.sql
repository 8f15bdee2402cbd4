-- ON DELETE / ON UPDATE actions change (drop and re-add the same-named constraint).
create table public.customers (id integer primary key);
create table public.orders (id integer primary key, customer_id integer default 0,
  constraint orders_customer_fkey foreign key (customer_id) references public.customers (id));
create table public.notes (id integer primary key, customer_id integer,
  constraint notes_customer_fkey foreign key (customer_id) references public.customers (id) on delete cascade);
insert into public.customers values (0), (1);
insert into public.orders values (1, 1);
insert into public.notes values (1, 1);
