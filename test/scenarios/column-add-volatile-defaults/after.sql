create table public.events (
  id integer primary key,
  name text,
  created_at timestamptz not null default now(),
  uid uuid not null default gen_random_uuid(),
  seen_at timestamp default clock_timestamp(),
  jitter double precision default random()
);
