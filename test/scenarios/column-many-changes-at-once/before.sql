-- Many column changes on one table with rows: adds, drops (at the end), type changes,
-- NOT NULL, defaults and a comment, in a table whose name is a reserved word.
create table public."select" (
  id integer primary key,
  "from" varchar(20),
  amount integer,
  flag boolean default false,
  note text,
  obsolete1 text,
  obsolete2 integer
);
insert into public."select" values (1, 'a', 10, true, 'n', 'x', 1), (2, 'b', 20, false, null, 'y', 2);
