-- A stored generated column's expression changes: SET EXPRESSION on 17+, drop and
-- re-add before (it is the last column, so its position is kept either way).
create table public.line_items (id integer primary key, qty integer not null, unit_price numeric(10, 2) not null,
  total numeric(12, 2) generated always as (qty * unit_price) stored);
insert into public.line_items (id, qty, unit_price) values (1, 2, 9.99), (2, 1, 100);
