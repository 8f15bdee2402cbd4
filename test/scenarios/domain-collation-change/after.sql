create domain public.code as text collate "POSIX";
create table public.codes (id integer primary key, c public.code);
