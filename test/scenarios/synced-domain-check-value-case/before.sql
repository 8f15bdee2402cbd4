create domain public.pos as integer check (value > 0);
