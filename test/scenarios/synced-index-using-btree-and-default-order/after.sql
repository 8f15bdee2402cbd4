create table public.t (a integer, b text);
create index t_a_idx on public.t using btree (a asc nulls last);
create index t_b_idx on public.t using btree (b text_ops, a);
