-- citext is installed in public before and in schema ext after (ALTER EXTENSION … SET SCHEMA);
-- the column using it follows the type.
create extension citext;
create table public.tags (id integer primary key, name citext not null);
insert into public.tags values (1, 'Postgres'), (2, 'SQL');
