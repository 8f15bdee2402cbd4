create table public.events (kind text not null, payload text, id bigint generated always as identity) partition by list (kind);
create table public.events_a partition of public.events for values in ('a');
