-- A new domain (default, NOT NULL, named check, comment) and an existing column retyped to it.
create table public.people (id integer primary key, email text);
insert into public.people values (1, 'ada@example.com'), (2, 'grace@example.com');
