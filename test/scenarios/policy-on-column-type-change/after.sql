create table public.docs (id integer primary key, owner_id bigint);
alter table public.docs enable row level security;
create policy docs_owner on public.docs using (owner_id = nullif(current_setting('app.user_id', true), '')::integer);
