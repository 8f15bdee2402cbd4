create type public.size as enum ('s', 'm', 'l');
create table public.shirts (id integer primary key, size public.size);
