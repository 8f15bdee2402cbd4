create table public.vehicles (id integer, name text);
create table public.trucks (id integer, name text, payload_kg integer);
