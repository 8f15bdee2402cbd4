-- An index on a partitioned table; PostgreSQL creates the partitions' copies, which the
-- model leaves out. A second index is dropped.
create table public.events (id bigint not null, at date not null, kind text) partition by range (at);
create table public.events_2024 partition of public.events for values from ('2024-01-01') to ('2025-01-01');
create table public.events_2025 partition of public.events for values from ('2025-01-01') to ('2026-01-01');
create index events_id_idx on public.events (id);
insert into public.events values (1, '2024-05-05', 'a'), (2, '2025-05-05', 'b');
