-- The function a check calls changes its return type: drop the check, drop and create
-- the function, add the check back.
create function public.score(v integer) returns integer language sql immutable as $$ select v * 2 $$;
create table public.games (id integer primary key, v integer, constraint games_v_check check (public.score(v) < 100));
insert into public.games values (1, 10);
