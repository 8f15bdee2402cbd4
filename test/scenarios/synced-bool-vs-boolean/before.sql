create table public.t (a bool default 't', b bool not null default false);
