-- A check becomes NO INHERIT on a parent of an inheritance tree (drop and re-add).
create table public.base (id integer, kind text, constraint base_kind_check check (kind is not null));
create table public.child (id integer, kind text, extra text) inherits (public.base);
insert into public.base values (1, 'a');
