-- USING and WITH CHECK change in place (ALTER POLICY).
create table public.docs (id integer primary key, owner name, published boolean default false);
alter table public.docs enable row level security;
create policy docs_rw on public.docs for update using (owner = current_user) with check (owner = current_user);
