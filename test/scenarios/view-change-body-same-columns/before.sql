-- The body changes but the columns (names, types, order) do not: CREATE OR REPLACE VIEW.
create table public.users (id integer primary key, name text, active boolean);
create view public.active_users as select id, name from public.users where active;
