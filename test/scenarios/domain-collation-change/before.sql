-- A domain's collation changes: recreate, since ALTER DOMAIN cannot change it.
create domain public.code as text collate "C";
create table public.codes (id integer primary key, c public.code);
insert into public.codes values (1, 'b'), (2, 'A');
