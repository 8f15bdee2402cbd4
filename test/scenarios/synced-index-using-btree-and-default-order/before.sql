create table public.t (a integer, b text);
create index t_a_idx on public.t (a);
create index t_b_idx on public.t (b, a);
