-- On a bigint column, default 0 is an int4 constant under an implicit cast and prints
-- as 0, while default '0' is an int8 constant and prints as '0'::bigint: a real change
-- whose rendered SQL must reproduce each spelling.
create table public.counters (id integer primary key, hits bigint not null default 0, misses bigint default '-1');
insert into public.counters (id) values (1);
