create table public.metrics (id integer primary key, "count" bigint not null default 0);
