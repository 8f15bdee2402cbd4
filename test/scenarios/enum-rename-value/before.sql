-- A label is renamed (ALTER TYPE … RENAME VALUE, renames map); rows holding it follow.
create type public.status as enum ('actve', 'inactive');
create table public.members (id integer primary key, status public.status not null default 'actve');
insert into public.members values (1, 'actve'), (2, 'inactive');
