-- A new sequence becomes the default of an existing column with rows: sequence first.
create table public.tickets (id integer primary key, number integer);
insert into public.tickets values (1, null), (2, 7);
