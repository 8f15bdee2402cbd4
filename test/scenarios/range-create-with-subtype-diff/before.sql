-- A new range type with subtype_diff and an explicit multirange name, used by a new column.
create table public.sensors (id integer primary key);
insert into public.sensors values (1);
