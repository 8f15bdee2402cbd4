create table public.counters (id integer primary key, hits bigint not null default '0', misses bigint default -1);
