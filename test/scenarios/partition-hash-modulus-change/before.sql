create table public.jobs (id integer not null, payload text) partition by hash (id);
create table public.jobs_0 partition of public.jobs for values with (modulus 2, remainder 0);
create table public.jobs_1 partition of public.jobs for values with (modulus 2, remainder 1);
