-- Columns whose names are reserved words, mixed case, quotes, spaces, dots and non-ASCII.
create table public."Weird Table" (id integer primary key);
insert into public."Weird Table" values (1);
