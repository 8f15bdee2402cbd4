create table public.t (id integer primary key, v text);
create function public.normalize() returns trigger language plpgsql as $$ begin new.v := lower(trim(new.v)); return new; end $$;
create trigger t_normalize before insert on public.t for each row execute function public.normalize();
