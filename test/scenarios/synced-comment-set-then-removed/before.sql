create table public.t (id integer);
comment on table public.t is 'temporary';
comment on table public.t is null;
comment on column public.t.id is '';
