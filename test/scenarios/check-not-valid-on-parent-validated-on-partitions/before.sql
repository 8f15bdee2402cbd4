create table public."Meters" (id integer, site text, reading integer) partition by list (site);
create table public."Meters north" partition of public."Meters" for values in ('north');
create table public.meters_south partition of public."Meters" for values in ('south');
insert into public."Meters" values (1, 'north', 5), (2, 'south', 7);
