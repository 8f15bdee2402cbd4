create table public.prices (id integer primary key, amount numeric(10, 2));
