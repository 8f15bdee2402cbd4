create function public.owner_of(id integer) returns text language sql stable security definer
  set search_path = pg_catalog, public
  as $$ select 'nobody' $$;
create function public.slow() returns void language plpgsql as $$ begin end $$;
