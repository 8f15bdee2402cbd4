-- A self-referencing foreign key (a tree) is added to a table with rows, plus a new
-- self-referencing table.
create table public.categories (id integer primary key, parent_id integer, name text);
insert into public.categories values (1, null, 'root'), (2, 1, 'child');
