create type public.job_state as enum ('queued', 'running', 'done', 'failed', 'cancelled');
create table public.jobs (
  id integer primary key,
  state public.job_state not null,
  finished_at timestamptz,
  constraint jobs_finished_check check ((state in ('done', 'failed', 'cancelled')) = (finished_at is not null))
);
create index jobs_failed_idx on public.jobs (id) where state = 'failed';
