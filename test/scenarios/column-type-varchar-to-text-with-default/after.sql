create table public.notes (id integer primary key, body text default 'empty', tag text default 'misc');
