create table public.blobs (id integer primary key, data text) with (toast.autovacuum_enabled = false, toast_tuple_target = 4096);
create table public.queue (id integer primary key) with (fillfactor = 50, autovacuum_vacuum_cost_delay = 5);
