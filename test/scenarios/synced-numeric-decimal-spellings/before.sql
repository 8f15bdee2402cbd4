create table public.t (a decimal(10, 2), b numeric(10), c dec(5, 0));
