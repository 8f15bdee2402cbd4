-- now() and pg_catalog.now() are the same call; CURRENT_TIMESTAMP and current_timestamp the
-- same keyword. now() vs CURRENT_TIMESTAMP is NOT a synced pair (column-default-now-to-current-timestamp).
create table public.t (a timestamptz default now(), b timestamptz default current_timestamp, c date default current_date, d uuid default gen_random_uuid());
