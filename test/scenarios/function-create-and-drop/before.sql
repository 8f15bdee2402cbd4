create function public.old_helper() returns integer language sql immutable as $$ select 1 $$;
