create table public.t (id integer);
create function public.f() returns trigger language plpgsql as $$ begin return null; end $$;
create trigger t_stmt after insert on public.t for each statement execute function public.f();
