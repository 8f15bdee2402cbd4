create function public.clamp(val integer, lo integer, hi integer default 100) returns integer language sql immutable
  as $$ select greatest(lo, least(hi, val)) $$;
