create table public.users (id integer primary key, name text);
create view public.user_export as select id, name from public.users;
