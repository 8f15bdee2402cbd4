create table public.users (id integer primary key, name text, active boolean);
create view public.active_users as select id, name from public.users where active and name is not null order by id;
