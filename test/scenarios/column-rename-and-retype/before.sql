-- A column is renamed and widened in the same migration (rename first, then the type
-- change on the new name).
create table public.metrics (id integer primary key, cnt integer not null default 0);
insert into public.metrics values (1, 5), (2, 7);
