-- One new function used in four places at once: a column default, a check, an
-- expression index and a view.
create table public.users (id integer primary key, email text);
insert into public.users values (1, ' Ada@Example.com ');
