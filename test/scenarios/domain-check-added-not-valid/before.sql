-- A new domain check that existing rows violate is added NOT VALID (and must stay so).
create domain public.short_name as text;
create table public.users (id integer primary key, name public.short_name);
insert into public.users values (1, 'a name that is far too long for the new rule'), (2, 'ok');
