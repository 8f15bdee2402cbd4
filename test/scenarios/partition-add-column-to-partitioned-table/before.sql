-- A column (with a default) is added to a partitioned table: it reaches every partition
-- as inherited, and the partitions' rows get the default.
create table public.logs (at date not null, line text) partition by range (at);
create table public.logs_2024 partition of public.logs for values from ('2024-01-01') to ('2025-01-01');
insert into public.logs values ('2024-01-02', 'hello');
