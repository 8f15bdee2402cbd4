create table public.events (id integer not null, at date not null, checked boolean) partition by range (at);
create table public.events_2024 partition of public.events for values from ('2024-01-01') to ('2025-01-01');
create function public.check_event() returns trigger language plpgsql as $$ begin new.checked := true; return new; end $$;
create trigger events_check before insert on public.events for each row execute function public.check_event();
