-- Columns added at the end: nullable, NOT NULL with a constant default (fast default,
-- no rewrite), and an array with a default. Existing rows get the defaults.
create table public.users (id integer primary key, name text not null);
insert into public.users values (1, 'ada'), (2, 'grace');
