-- A partial index is created, and another's predicate changes (recreate).
create table public.jobs (id integer primary key, state text, run_at timestamptz, deleted boolean default false);
create index jobs_pending_idx on public.jobs (run_at) where state = 'pending';
insert into public.jobs values (1, 'pending', now(), false);
