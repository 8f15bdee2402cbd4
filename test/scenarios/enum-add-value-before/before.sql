-- A label is added BEFORE an existing one (and one at the very start).
create type public.priority as enum ('low', 'high');
create table public.tasks (id integer primary key, priority public.priority);
insert into public.tasks values (1, 'low'), (2, 'high'), (3, null);
