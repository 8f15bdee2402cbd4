create table public.customers (id integer primary key);
create table public.orders (id integer primary key, customer_id integer default 0,
  constraint orders_customer_fkey foreign key (customer_id) references public.customers (id) on delete set default on update cascade);
create table public.notes (id integer primary key, customer_id integer,
  constraint notes_customer_fkey foreign key (customer_id) references public.customers (id) on delete set null on update restrict);
