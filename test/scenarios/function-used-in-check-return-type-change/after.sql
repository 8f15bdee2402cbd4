create function public.score(v integer) returns bigint language sql immutable as $$ select v::bigint * 2 $$;
create table public.games (id integer primary key, v integer, constraint games_v_check check (public.score(v) < 100));
