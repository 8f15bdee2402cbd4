create table public.events (id integer not null, kind text not null, "At" date not null) partition by list (kind);
create table public.events_a partition of public.events for values in ('a');
create index events_id_idx on public.events (id);
create table public.events_2024 (id integer not null, kind text not null, "At" date not null);
