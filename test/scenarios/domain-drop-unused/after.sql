create domain public.kept as integer;
