create table public.t (id integer);
