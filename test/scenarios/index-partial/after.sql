create table public.jobs (id integer primary key, state text, run_at timestamptz, deleted boolean default false);
create index jobs_pending_idx on public.jobs (run_at) where state in ('pending', 'retry') and not deleted;
create unique index jobs_one_running_idx on public.jobs (state) where state = 'running';
