-- DROP IDENTITY: the column and its values stay, NOT NULL stays.
create table public.users (id integer generated always as identity primary key, name text);
insert into public.users (name) values ('ada'), ('grace');
