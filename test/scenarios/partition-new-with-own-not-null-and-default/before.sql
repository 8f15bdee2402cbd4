create table public.readings (
  site text not null,
  taken timestamptz,
  value numeric default 0
) partition by list (site);
create table public.readings_north partition of public.readings for values in ('north');
