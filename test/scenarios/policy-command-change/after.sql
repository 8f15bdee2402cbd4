create table public.items (id integer primary key, owner name);
alter table public.items enable row level security;
create policy items_owner on public.items for delete using (owner = current_user);
