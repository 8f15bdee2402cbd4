create table public.kept (id integer primary key);
