create table public.categories (id integer primary key, parent_id integer constraint categories_parent_fkey references public.categories (id) on delete cascade, name text);
create table public.comments (id integer primary key, reply_to integer references public.comments (id), body text);
