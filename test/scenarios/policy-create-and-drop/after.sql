create table public.notes (id integer primary key, owner name not null default current_user, body text);
alter table public.notes enable row level security;
create policy "Owners see their notes" on public.notes for select using (owner = current_user);
comment on policy "Owners see their notes" on public.notes is 'per-user visibility';
