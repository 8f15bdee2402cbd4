create table public.t (id integer primary key, v text);
create index t_v_idx on public.t (v);
