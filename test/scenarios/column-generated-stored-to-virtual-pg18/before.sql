-- A stored generated column becomes virtual: PostgreSQL 18 cannot change the kind in
-- place, so drop and add (it is the last column).
create table public.rectangles (id integer primary key, w integer not null, h integer not null,
  area integer generated always as (w * h) stored);
insert into public.rectangles (id, w, h) values (1, 2, 3);
