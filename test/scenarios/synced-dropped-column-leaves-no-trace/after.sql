create table public.t (id integer, name text);
