-- Columns with volatile defaults (now(), gen_random_uuid(), clock_timestamp(), random())
-- are added to a table with rows: each row gets its own value (a rewrite).
create table public.events (id integer primary key, name text);
insert into public.events values (1, 'a'), (2, 'b');
