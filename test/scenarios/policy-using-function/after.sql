create function public.current_team() returns text language sql stable
  as $$ select current_setting('app.team', true) $$;
create table public.accounts (id integer primary key, team text);
alter table public.accounts enable row level security;
create policy accounts_team on public.accounts using (team = public.current_team());
