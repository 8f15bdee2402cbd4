create table public.t (a boolean default true, b boolean default 'f' not null);
