-- The last two columns of a table with rows are dropped.
create table public.users (id integer primary key, name text, legacy_flag boolean, legacy_code text);
insert into public.users values (1, 'ada', true, 'x');
