create sequence public.t_id_seq as integer;
create table public.t (id integer not null default nextval('public.t_id_seq'::regclass), name text);
alter sequence public.t_id_seq owned by public.t.id;
