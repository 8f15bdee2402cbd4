create table public.prices (id integer primary key, amount numeric(14, 2), rate numeric(9, 6));
