create table public.t (id integer primary key);
create view public."New Name" as select id from public.t;
create view public.reader as select id from public."New Name";
