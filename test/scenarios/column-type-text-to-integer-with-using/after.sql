create table public.imports (id integer primary key, qty integer, code integer not null);
