-- Sort order and NULLS placement change on an existing index (recreate).
create table public.scores (id integer primary key, points integer, achieved timestamptz);
create index scores_points_idx on public.scores (points);
insert into public.scores values (1, 10, now()), (2, null, null);
