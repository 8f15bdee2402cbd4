-- A new policy calls a new function (function first); down drops the policy first.
create table public.accounts (id integer primary key, team text);
alter table public.accounts enable row level security;
