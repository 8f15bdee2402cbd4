create table public.tokens (id integer primary key, ref integer, tags text[]);
insert into public.tokens values (1, 5, '{a,b}'), (2, null, null);
