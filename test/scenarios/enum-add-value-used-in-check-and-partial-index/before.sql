-- New labels are used in a new check constraint and a new partial index predicate in
-- the same migration: both must wait for the ADD VALUE to commit.
create type public.job_state as enum ('queued', 'running', 'done');
create table public.jobs (id integer primary key, state public.job_state not null, finished_at timestamptz);
insert into public.jobs values (1, 'queued', null), (2, 'done', '2024-01-01 00:00:00+00');
