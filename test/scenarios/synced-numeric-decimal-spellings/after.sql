create table public.t (a numeric(10, 2), b numeric(10, 0), c numeric(5));
