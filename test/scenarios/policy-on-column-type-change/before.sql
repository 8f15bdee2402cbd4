-- A policy reads a column whose type changes: PostgreSQL refuses ALTER COLUMN TYPE on a
-- column a policy uses, so the policy is dropped and created around it.
create table public.docs (id integer primary key, owner_id integer);
alter table public.docs enable row level security;
create policy docs_owner on public.docs using (owner_id = nullif(current_setting('app.user_id', true), '')::integer);
insert into public.docs values (1, 7);
