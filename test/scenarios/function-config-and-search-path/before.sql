-- A SET search_path clause is added to a security definer function; another loses its SET.
create function public.owner_of(id integer) returns text language sql stable security definer
  as $$ select 'nobody' $$;
create function public.slow() returns void language plpgsql set work_mem = '64MB' as $$ begin end $$;
