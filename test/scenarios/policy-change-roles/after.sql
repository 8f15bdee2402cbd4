create table public.metrics (id integer primary key, v numeric);
alter table public.metrics enable row level security;
create policy metrics_read on public.metrics for select to pg_monitor, pg_read_all_stats using (true);
create policy metrics_all on public.metrics to pg_read_all_stats using (true);
