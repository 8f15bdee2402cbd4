-- A partition key changes: the table is made again, and the partitions that
-- stay its partitions with it (DROP TABLE takes them along).
create table public.events (id integer not null, kind text not null, "At" date not null) partition by range ("At");
create table public.events_a partition of public.events for values from ('2020-01-01') to ('2021-01-01');
create index events_id_idx on public.events (id);
create table public.events_2024 (id integer not null, kind text not null, "At" date not null);
