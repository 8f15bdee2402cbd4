create table public.t (id integer, owner name);
alter table public.t enable row level security;
create policy t_owner on public.t using (owner = current_user);
