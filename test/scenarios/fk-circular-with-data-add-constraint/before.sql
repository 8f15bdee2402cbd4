-- Two existing tables with rows gain foreign keys to each other; the rows satisfy both.
create table public.a (id integer primary key, b_id integer);
create table public.b (id integer primary key, a_id integer);
insert into public.a values (1, 1);
insert into public.b values (1, 1);
