create table public.t (a integer constraint t_a_check check (a in (1, 2, 3)), s text constraint t_s_check check (s in ('x', 'y')));
