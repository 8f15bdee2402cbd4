-- The roles a policy applies to change (ALTER POLICY … TO), using built-in roles only.
create table public.metrics (id integer primary key, v numeric);
alter table public.metrics enable row level security;
create policy metrics_read on public.metrics for select to pg_monitor using (true);
create policy metrics_all on public.metrics to public using (true);
