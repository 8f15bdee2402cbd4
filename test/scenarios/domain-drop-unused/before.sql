create domain public.percent as numeric(5, 2) check (value between 0 and 100);
create domain public.kept as integer;
