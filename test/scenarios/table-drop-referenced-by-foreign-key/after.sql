create table public.products (id integer primary key, name text);
