-- ALTER TABLE … INHERIT: an existing table with matching columns becomes a child.
-- after.sql declares the child's columns itself, because ALTER TABLE … INHERIT leaves
-- them local (attislocal); CREATE TABLE … INHERITS without them would make them
-- inherit-only, a state no ALTER can reach.
create table public.vehicles (id integer, name text);
create table public.trucks (id integer, name text, payload_kg integer);
insert into public.vehicles values (1, 'car');
insert into public.trucks values (2, 'truck', 5000);
