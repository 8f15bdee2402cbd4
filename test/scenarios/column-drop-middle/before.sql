-- A column in the middle is dropped. Down can only add it back at the end, so its
-- position differs from the start unless the table is rebuilt.
create table public.users (id integer primary key, fax text, name text);
insert into public.users values (1, '555-1234', 'ada');
