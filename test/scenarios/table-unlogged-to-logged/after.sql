create table public.cache (k text primary key, v jsonb);
