-- A column of a partitioned table is widened and another added: the change is made on
-- the parent and reaches each partition; rows in every partition survive.
create table public.readings (sensor integer not null, at date not null, value real) partition by list (sensor);
create table public.readings_1 partition of public.readings for values in (1);
create table public.readings_2 partition of public.readings for values in (2);
insert into public.readings values (1, '2024-01-01', 1.5), (2, '2024-01-02', 2.5);
