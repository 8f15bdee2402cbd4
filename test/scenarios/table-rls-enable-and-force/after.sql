create table public.notes (id integer primary key, owner name not null default current_user);
alter table public.notes enable row level security;
create table public.secrets (id integer primary key);
alter table public.secrets enable row level security;
alter table public.secrets force row level security;
create table public.open_data (id integer primary key);
