create table public.hot (id integer primary key, v integer) with (fillfactor = 70);
create table public.cold (id integer primary key) with (autovacuum_vacuum_scale_factor = 0.05, autovacuum_analyze_threshold = 500);
