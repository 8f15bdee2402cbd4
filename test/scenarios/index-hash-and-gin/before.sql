create table public.docs (id integer primary key, token text, body jsonb, tags text[], search tsvector);
insert into public.docs values (1, 'abc', '{"a": [1, 2]}', '{x,y}', to_tsvector('simple', 'hello world'));
