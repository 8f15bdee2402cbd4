create table public.rectangles (id integer primary key, w integer not null, h integer not null,
  area integer generated always as (w * h));
