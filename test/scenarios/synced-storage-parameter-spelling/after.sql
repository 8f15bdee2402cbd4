create table public.t (id integer) with (fillfactor = 70, autovacuum_enabled = off);
