-- Row level security: enabled on one table, enabled and forced on another, disabled on a third.
create table public.notes (id integer primary key, owner name not null default current_user);
create table public.secrets (id integer primary key);
create table public.open_data (id integer primary key);
alter table public.open_data enable row level security;
insert into public.notes (id) values (1);
