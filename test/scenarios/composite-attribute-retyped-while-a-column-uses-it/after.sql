-- Only retyped attributes: the values survive (through the type's text form).
create type public.point3 as (x bigint, y numeric, label text);
create table public.shapes (id integer primary key, origin public.point3 not null, corners public.point3[]);
