-- A new stored generated column is added; another generated column becomes a plain
-- column (ALTER COLUMN … DROP EXPRESSION keeps its values). Down has to drop and re-add
-- the latter, which is why it is the last column.
create table public.people (id integer primary key, first text, last text,
  initials text generated always as (left(first, 1) || left(last, 1)) stored);
insert into public.people (id, first, last) values (1, 'Ada', 'Lovelace');
