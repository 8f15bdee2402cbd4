create table public.people (id integer primary key, first text, last text, data jsonb);
insert into public.people values (1, 'Ada', 'Lovelace', '{"city": "London"}');
