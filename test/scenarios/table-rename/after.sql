create table public.users (id integer constraint usr_pkey primary key, name text);
create table public.posts (id integer primary key, author integer constraint posts_author_fkey references public.users (id));
create view public.usr_names as select name from public.users;
