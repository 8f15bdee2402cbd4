create table public.a (id integer primary key, b_id integer);
create table public.b (id integer primary key, a_id integer constraint b_a_fkey references public.a (id));
alter table public.a add constraint a_b_fkey foreign key (b_id) references public.b (id);
