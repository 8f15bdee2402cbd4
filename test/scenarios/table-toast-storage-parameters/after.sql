-- toast.* parameters next to the table's own: set, changed, reset.
create table public.blobs (id integer primary key, data text) with (toast.autovacuum_vacuum_scale_factor = 0.01, fillfactor = 80);
create table public.queue (id integer primary key) with (toast.autovacuum_enabled = false, autovacuum_vacuum_cost_delay = 10);
insert into public.blobs values (1, 'x');
