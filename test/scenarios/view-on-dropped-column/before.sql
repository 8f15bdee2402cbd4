-- A column is dropped from a table and from the view reading it: the view changes
-- (drop and create) before the column can go.
create table public.users (id integer primary key, name text, password_hash text);
create view public.user_export as select id, name, password_hash from public.users;
insert into public.users values (1, 'ada', 'x');
