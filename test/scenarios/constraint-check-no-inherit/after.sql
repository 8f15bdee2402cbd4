create table public.base (id integer, kind text, constraint base_kind_check check (kind is not null) no inherit);
create table public.child (id integer, kind text, extra text) inherits (public.base);
