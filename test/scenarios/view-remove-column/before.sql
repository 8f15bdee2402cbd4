-- A column disappears from a view: CREATE OR REPLACE cannot do that, so drop and create
-- (and down adds it back, which CREATE OR REPLACE could do).
create table public.users (id integer primary key, name text, email text);
create view public.user_list as select id, email, name from public.users;
comment on view public.user_list is 'kept across the recreate';
