create table public.t (id integer primary key, at timestamp(6), at_tz timestamptz, t time(6));
