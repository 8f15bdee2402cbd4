create table public.users (id integer primary key);
create table public.posts (id integer primary key, user_id integer constraint posts_user_fkey references public.users (id));
