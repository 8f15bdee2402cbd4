create collation public.bytes (locale = 'C');
create table public.words (id integer primary key, a text collate "C", b text collate "POSIX", c varchar(20));
