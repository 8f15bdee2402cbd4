create table public.users (id integer primary key, name text, email text);
create function public.find_users(pattern text) returns table (id integer, name text, email text) language sql stable
  as $$ select id, name, email from public.users where name like pattern $$;
