-- An enum nothing uses any more is dropped; another stays.
create type public.colour as enum ('red', 'green');
create type public.size as enum ('s', 'm', 'l');
create table public.shirts (id integer primary key, size public.size);
insert into public.shirts values (1, 'm');
