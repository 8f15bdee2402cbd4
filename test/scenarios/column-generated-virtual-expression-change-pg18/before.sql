-- A virtual generated column's expression changes (ALTER COLUMN … SET EXPRESSION).
create table public.people (id integer primary key, first text, last text,
  display text generated always as (first || ' ' || last) virtual);
insert into public.people (id, first, last) values (1, 'Ada', 'Lovelace');
