-- A materialized view created WITH NO DATA (not populated) alongside a populated one.
create table public.t (id integer primary key);
