-- ALTER TABLE … NO INHERIT: the child keeps its columns and rows.
create table public.vehicles (id integer, name text);
create table public.trucks (id integer, name text, payload_kg integer) inherits (public.vehicles);
insert into public.vehicles values (1, 'car');
insert into public.trucks values (2, 'truck', 5000);
