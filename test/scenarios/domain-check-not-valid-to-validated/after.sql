create domain public.score as integer constraint score_range check (value between 0 and 100);
create table public.results (id integer primary key, score public.score);
