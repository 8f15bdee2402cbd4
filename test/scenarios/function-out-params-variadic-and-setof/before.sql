create table public.t (id integer primary key, v text);
