-- pglz only: the embedded servers of the test matrix are built without lz4.
-- Column STORAGE, COMPRESSION and SET STATISTICS: set, changed, reset to the
-- type's default, kept across a type change, on a new column and a new table.
create table public.docs (
  id integer primary key,
  title text compression pglz,
  body text,
  blob bytea,
  score bigint,
  tag text,
  summary text compression pglz
);
alter table public.docs alter column title set storage main;
alter table public.docs alter column id set statistics 1000;
alter table public.docs alter column score set statistics 200;
alter table public.docs alter column tag set storage external;
alter table public.docs alter column summary set storage external;
alter table public.docs alter column summary set statistics 50;
create table public.plain_one (id integer);
create table public.wide (id integer, doc jsonb compression pglz, raw bytea);
alter table public.wide alter column raw set storage main;
alter table public.wide alter column id set statistics 0;
insert into public.docs values (1, 't', 'b', '\x00', 3, 'x', 's');
