create table public.tags (name text not null, created date, constraint tags_pkey primary key (name));
