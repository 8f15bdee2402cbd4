-- A new partition holds NOT NULL and a default of its own, beyond its parent's.
create table public.readings (
  site text not null,
  taken timestamptz,
  value numeric default 0
) partition by list (site);
create table public.readings_north partition of public.readings for values in ('north');
create table public."Readings South" partition of public.readings (
  taken not null,
  value default 42
) for values in ('south');
