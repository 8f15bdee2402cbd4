-- Column collations change: default → "C", "C" → "POSIX", custom → default.
create collation public.bytes (locale = 'C');
create table public.words (id integer primary key, a text, b text collate "C", c varchar(20) collate public.bytes);
insert into public.words values (1, 'b', 'B', 'c');
