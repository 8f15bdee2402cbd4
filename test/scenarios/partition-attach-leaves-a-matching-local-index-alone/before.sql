create schema "Archive";
create table public.readings (id integer, site text, at timestamptz) partition by list (site);
create index readings_site_at on public.readings (site, at);
create table "Archive"."Readings north" (id integer, site text, at timestamptz);
create index "north by site" on "Archive"."Readings north" (site, at);
insert into "Archive"."Readings north" values (1, 'north', now());
