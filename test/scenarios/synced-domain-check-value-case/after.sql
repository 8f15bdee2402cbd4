create domain public.pos as int4 constraint pos_check check (VALUE > 0);
