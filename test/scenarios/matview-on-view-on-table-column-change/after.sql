create table public.readings (id integer primary key, value integer);
create view public.valid_readings as select id, value from public.readings where value is not null;
create materialized view public.reading_stats as select max(value) as hi, min(value) as lo from public.valid_readings;
