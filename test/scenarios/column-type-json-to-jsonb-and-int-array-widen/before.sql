create table public.docs (id integer primary key, body json, ids integer[]);
insert into public.docs values (1, '{"a": 1}', '{1,2,3}'), (2, '[]', '{}');
