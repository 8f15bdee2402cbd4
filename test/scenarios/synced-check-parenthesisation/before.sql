create table public.t (a integer, b integer,
  constraint t_ab_check check (a > 0 and b > 0),
  constraint t_or_check check (a = 1 or b = 2 and a = 3));
