-- ALTER TABLE … SET LOGGED on a table with rows (and its index).
create unlogged table public.cache (k text primary key, v jsonb);
insert into public.cache values ('a', '{"x": 1}'), ('b', '[]');
