create type public.point3 as (x bigint, y integer, label text collate "C");
comment on column public.point3.x is 'east-west';
