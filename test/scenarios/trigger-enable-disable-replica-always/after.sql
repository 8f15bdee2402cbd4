create table public.t (id integer primary key, v integer);
create function public.noop() returns trigger language plpgsql as $$ begin return new; end $$;
create trigger t_a before insert on public.t for each row execute function public.noop();
create trigger t_b before insert on public.t for each row execute function public.noop();
create trigger t_c before insert on public.t for each row execute function public.noop();
create trigger t_d before insert on public.t for each row execute function public.noop();
alter table public.t disable trigger t_a;
alter table public.t enable replica trigger t_b;
alter table public.t enable always trigger t_c;
