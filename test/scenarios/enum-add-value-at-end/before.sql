-- ALTER TYPE … ADD VALUE at the end; rows using existing labels survive.
create type public.mood as enum ('sad', 'ok');
create table public.diary (id integer primary key, mood public.mood not null);
insert into public.diary values (1, 'sad'), (2, 'ok');
