-- The return type changes: CREATE OR REPLACE refuses, so drop and create.
create function public.answer() returns integer language sql immutable as $$ select 42 $$;
