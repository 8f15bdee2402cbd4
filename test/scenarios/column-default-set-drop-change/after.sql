create table public.settings (
  id integer primary key,
  a integer default 10,
  b text,
  c numeric(5, 2) default 2.75,
  d date default current_date
);
