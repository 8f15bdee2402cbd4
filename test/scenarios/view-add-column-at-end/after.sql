create table public.users (id integer primary key, name text, email text);
create view public.user_list as select id, name, email, upper(name) as shout from public.users;
