create table public.t (a timestamptz default pg_catalog.now(), b timestamptz default CURRENT_TIMESTAMP, c date default CURRENT_DATE, d uuid default pg_catalog.gen_random_uuid());
