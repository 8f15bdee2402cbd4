create table public.t (a timestamptz, b timestamp, c timetz, d time, e timestamptz(3));
