create table public.docs (id integer primary key, body jsonb, ids bigint[]);
