create table public.users (id integer primary key, name text, email text);
create view public.user_list as select id, name from public.users;
comment on view public.user_list is 'kept across the recreate';
