-- REPLICA IDENTITY between DEFAULT, FULL and NOTHING, and a new table with one.
create table public.audit (id integer primary key, body text);
create table public."Event Log" (id integer primary key, at timestamptz);
create table public.scratch (id integer);
create table public.outbox (id integer, payload jsonb);
alter table public.audit replica identity full;
alter table public."Event Log" replica identity nothing;
alter table public.outbox replica identity full;
insert into public.audit values (1, 'a');
