-- PERMISSIVE → RESTRICTIVE cannot be altered: drop and create.
create table public.rows (id integer primary key, tenant text);
alter table public.rows enable row level security;
create policy rows_base on public.rows using (true);
create policy rows_tenant on public.rows as permissive using (tenant = current_setting('app.tenant', true));
