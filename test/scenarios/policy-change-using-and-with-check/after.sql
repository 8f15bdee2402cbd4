create table public.docs (id integer primary key, owner name, published boolean default false);
alter table public.docs enable row level security;
create policy docs_rw on public.docs for update using (owner = current_user and not published) with check (owner = current_user);
create policy docs_ins on public.docs for insert with check (owner = current_user);
