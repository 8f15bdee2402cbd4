create table public.a (id integer primary key);
create table public.b (id integer primary key,
  a_id integer constraint b_a_fkey references public.a (id) deferrable initially deferred,
  a2_id integer constraint b_a2_fkey references public.a (id) deferrable initially immediate);
