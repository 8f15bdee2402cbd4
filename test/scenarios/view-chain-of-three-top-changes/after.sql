create table public.t (id integer primary key, v integer);
create view public.a as select id, v from public.t;
create view public.b as select id, v * 2 as v2 from public.a;
create view public.c as select id, v2 from public.b where v2 > 20;
