-- RETURNS TABLE gains a column: that changes the result type (OUT parameters), so it
-- is a drop and create.
create table public.users (id integer primary key, name text, email text);
create function public.find_users(pattern text) returns table (id integer, name text) language sql stable
  as $$ select id, name from public.users where name like pattern $$;
