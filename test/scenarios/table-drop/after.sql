create table public.parents (id integer primary key);
