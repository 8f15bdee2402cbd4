-- The same schema built in a different order and with ALTER statements.
create table public.b (id integer primary key, a_id integer);
create table public.a (id integer primary key);
alter table public.b add constraint b_a_id_fkey foreign key (a_id) references public.a (id);
alter table public.b add column note text;
alter table public.b alter column note set default 'n';
comment on table public.a is 'A';
