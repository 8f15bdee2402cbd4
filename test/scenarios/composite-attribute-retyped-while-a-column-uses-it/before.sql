create type public.point3 as (x integer, y integer, label varchar(10));
create table public.shapes (id integer primary key, origin public.point3 not null, corners public.point3[]);
insert into public.shapes values (1, row(1, 2, 'a'), array[row(3, 4, 'b')::public.point3]);
