-- A virtual generated column (PostgreSQL 18) is added: computed on read, no rewrite.
create table public.rectangles (id integer primary key, w integer not null, h integer not null);
insert into public.rectangles values (1, 2, 3);
