create table public.audit (id integer primary key, body text);
create table public."Event Log" (id integer primary key, at timestamptz);
create table public.scratch (id integer);
alter table public."Event Log" replica identity full;
alter table public.scratch replica identity nothing;
