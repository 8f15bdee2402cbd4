-- The trigger function's body changes (CREATE OR REPLACE): the trigger is not touched.
create table public.t (id integer primary key, v text);
create function public.normalize() returns trigger language plpgsql as $$ begin new.v := lower(new.v); return new; end $$;
create trigger t_normalize before insert on public.t for each row execute function public.normalize();
insert into public.t values (1, 'x');
