create table public.docs (
  id integer primary key,
  title text,
  body text compression pglz,
  blob bytea,
  score integer,
  tag varchar(20)
);
alter table public.docs alter column blob set storage external;
alter table public.docs alter column score set statistics 500;
alter table public.docs alter column tag set storage main;
create table public.plain_one (id integer);
