create schema app;
create type app.priority as enum ('low', 'normal', 'high');
create table app.tasks (id integer primary key, title text not null, priority app.priority not null default 'normal');
create view app.urgent_tasks as select id, title, priority from app.tasks where priority = 'high';
create function app.urgent() returns setof app.urgent_tasks language sql stable as $$ select * from app.urgent_tasks $$;
create view app.urgent_count as select count(*) as n from app.urgent();
