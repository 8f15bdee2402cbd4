create type public.kept_range as range (subtype = integer);
