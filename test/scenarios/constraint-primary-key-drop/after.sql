create table public.log (id integer not null, line text);
