create table public.t (id integer primary key, a integer, b text);
create index t_lookup_idx on public.t using hash (b);
