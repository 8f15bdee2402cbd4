create table public.events (id integer primary key, happened_at timestamptz not null, logged_at timestamptz(3));
