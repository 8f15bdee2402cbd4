-- Identity columns on partitioned tables are allowed from PostgreSQL 17 (the partitions
-- share the parent's sequence): an existing NOT NULL column with rows becomes one.
create table public.events (id bigint not null, kind text not null, payload text) partition by list (kind);
create table public.events_a partition of public.events for values in ('a');
insert into public.events values (1, 'a', 'x');
