-- timestamp and timestamp(6) hold the same values, but the typmod differs (-1 vs 6) and
-- format_type prints them differently: a type change that needs no rewrite.
create table public.t (id integer primary key, at timestamp, at_tz timestamptz(6), t time);
insert into public.t values (1, '2024-01-01 10:00:00.123456', '2024-01-01 10:00:00.123456+00', '10:00:00.5');
