-- A materialized view reads a view that reads a table whose column is widened: both
-- have to be dropped and created around the ALTER COLUMN.
create table public.readings (id integer primary key, value smallint);
create view public.valid_readings as select id, value from public.readings where value is not null;
create materialized view public.reading_stats as select max(value) as hi, min(value) as lo from public.valid_readings;
insert into public.readings values (1, 10), (2, 20);
