-- A column is added at the end of a view: CREATE OR REPLACE VIEW allows that.
create table public.users (id integer primary key, name text, email text);
create view public.user_list as select id, name from public.users;
