-- A row trigger on a partitioned table (PostgreSQL clones it onto the partitions; the
-- clones are left out of the model).
create table public.events (id integer not null, at date not null, checked boolean) partition by range (at);
create table public.events_2024 partition of public.events for values from ('2024-01-01') to ('2025-01-01');
create function public.check_event() returns trigger language plpgsql as $$ begin new.checked := true; return new; end $$;
insert into public.events values (1, '2024-01-01', false);
