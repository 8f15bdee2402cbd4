create table public.readings (sensor integer not null, at date not null, value double precision, unit text default 'C') partition by list (sensor);
create table public.readings_1 partition of public.readings for values in (1);
create table public.readings_2 partition of public.readings for values in (2);
