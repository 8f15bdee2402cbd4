-- citext goes away: the column using it must become text first (data survives).
create extension citext;
create table public.users (id integer primary key, email citext not null unique);
insert into public.users values (1, 'Ada@Example.com'), (2, 'grace@example.com');
