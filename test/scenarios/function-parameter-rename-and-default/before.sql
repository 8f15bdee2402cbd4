-- A parameter's name changes (CREATE OR REPLACE cannot rename input parameters, so drop
-- and create) and a default is added to another.
create function public.clamp(x integer, lo integer, hi integer) returns integer language sql immutable
  as $$ select greatest(lo, least(hi, x)) $$;
