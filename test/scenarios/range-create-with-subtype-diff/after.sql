create type public.float_range as range (subtype = float8, subtype_diff = float8mi, multirange_type_name = public.float_ranges);
comment on type public.float_range is 'an interval of doubles';
create table public.sensors (id integer primary key, calibrated public.float_range);
