-- ALTER TABLE … RENAME (renames map): rows, the index, the foreign key pointing at it and
-- the view reading it all follow. Names of the constraints are explicit on both sides,
-- because RENAME does not rename them.
create table public.usr (id integer constraint usr_pkey primary key, name text);
create table public.posts (id integer primary key, author integer constraint posts_author_fkey references public.usr (id));
create view public.usr_names as select name from public.usr;
insert into public.usr values (1, 'ada');
insert into public.posts values (1, 1);
