-- A foreign key becomes DEFERRABLE INITIALLY DEFERRED; another becomes deferrable but
-- initially immediate (ALTER CONSTRAINT works for both).
create table public.a (id integer primary key);
create table public.b (id integer primary key,
  a_id integer constraint b_a_fkey references public.a (id),
  a2_id integer constraint b_a2_fkey references public.a (id) deferrable initially deferred);
insert into public.a values (1);
insert into public.b values (1, 1, 1);
