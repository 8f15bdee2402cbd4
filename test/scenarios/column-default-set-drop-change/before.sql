-- Defaults: one set, one dropped, one changed, one changed from constant to expression.
create table public.settings (
  id integer primary key,
  a integer,
  b text default 'gone',
  c numeric(5, 2) default 1.5,
  d date default '2000-01-01'
);
insert into public.settings (id) values (1);
