create sequence public.ids;
create table public.a_things (id integer not null default nextval('public.ids'), name text);
create table public.b_things (id integer not null default nextval('public.ids'), name text);
alter sequence public.ids owned by public.a_things.id;
insert into public.b_things (name) values ('x');
