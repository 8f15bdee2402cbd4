-- A new check that old rows violate: the target has it NOT VALID, so the engine must add
-- it NOT VALID (adding it validated would fail on row 2).
create table public.people (id integer primary key, age integer);
insert into public.people values (1, 30), (2, -5);
