create table public.jobs (id integer not null, payload text) partition by hash (id);
create table public.jobs_0 partition of public.jobs for values with (modulus 4, remainder 0);
create table public.jobs_1 partition of public.jobs for values with (modulus 4, remainder 1);
create table public.jobs_2 partition of public.jobs for values with (modulus 4, remainder 2);
create table public.jobs_3 partition of public.jobs for values with (modulus 4, remainder 3);
