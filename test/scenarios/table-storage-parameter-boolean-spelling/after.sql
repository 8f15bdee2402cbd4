create table public.t (id integer) with (autovacuum_enabled = false);
