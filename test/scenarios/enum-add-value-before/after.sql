create type public.priority as enum ('none', 'low', 'medium', 'high');
create table public.tasks (id integer primary key, priority public.priority);
