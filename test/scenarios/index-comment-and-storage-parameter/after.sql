create table public.t (id integer primary key, v text);
create index t_v_idx on public.t (v) with (fillfactor = 70);
comment on index public.t_v_idx is 'lookups by v';
