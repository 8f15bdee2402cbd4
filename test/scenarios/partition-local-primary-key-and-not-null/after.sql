create table public.events (id integer, kind text, "Payload" text) partition by list (kind);
create table public.events_a partition of public.events (constraint "events_a PK" primary key (kind, id)) for values in ('a');
create table public.events_b partition of public.events for values in ('b');
