-- WITH LOCAL CHECK OPTION becomes CASCADED; another view gains one.
create table public.tasks (id integer primary key, done boolean not null, priority integer);
create view public.open_tasks as select id, done, priority from public.tasks where not done with local check option;
create view public.urgent_tasks as select id, done, priority from public.open_tasks where priority > 5;
