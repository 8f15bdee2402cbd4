create table public.a (id integer primary key);
comment on table public.a is 'A';
create table public.b (id integer primary key, a_id integer references public.a (id), note text default 'n');
