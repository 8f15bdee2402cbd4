-- A view column changes name in the middle: CREATE OR REPLACE cannot rename columns, so
-- without a rename entry this is a drop and create.
create table public.users (id integer primary key, name text, email text);
create view public.user_list as select id, name, email from public.users;
