create table public.keep (id integer primary key);
