create sequence public.ids;
create table public.b_things (id integer not null default nextval('public.ids'), name text);
alter sequence public.ids owned by public.b_things.id;
