create table public.t (a timestamp with time zone, b timestamp without time zone, c time with time zone, d time without time zone, e timestamp(3) with time zone);
