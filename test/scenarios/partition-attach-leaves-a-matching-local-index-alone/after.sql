create schema "Archive";
create table public.readings (id integer, site text, at timestamptz) partition by list (site);
create table "Archive"."Readings north" (id integer, site text, at timestamptz);
alter table public.readings attach partition "Archive"."Readings north" for values in ('north');
create index readings_site_at on public.readings (site, at);
create index "north by site" on "Archive"."Readings north" (site, at);
insert into "Archive"."Readings north" values (1, 'north', now());
