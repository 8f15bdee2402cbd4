create table public.t (a integer constraint t_a_check check (a = any (array[1, 2, 3])), s text constraint t_s_check check (s = any (array['x'::text, 'y'::text])));
