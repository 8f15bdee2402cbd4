create table public.scores (id integer primary key, points integer, achieved timestamptz);
create index scores_points_idx on public.scores (points desc nulls last);
create index scores_recent_idx on public.scores (achieved desc, points nulls first);
