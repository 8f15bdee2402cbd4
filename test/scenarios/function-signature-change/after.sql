create function public.greet(name text, punctuation text default '!') returns text language sql immutable
  as $$ select 'Hello, ' || name || punctuation $$;
