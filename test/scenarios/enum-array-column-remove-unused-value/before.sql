-- The enum is used as an array column (with an array default) and a label no row uses
-- is removed: the recreate must cast the array column through text[].
create type public.flag as enum ('red', 'amber', 'green', 'blue');
create table public.reports (id integer primary key, flags public.flag[] not null default '{green}');
insert into public.reports values (1, '{red,green}'), (2, '{}'), (3, '{amber}');
