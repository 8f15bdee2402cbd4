-- Unnamed constraints get the names PostgreSQL derives (t_pkey, t_code_key, t_qty_check,
-- t_parent_id_fkey); writing those names out is the same schema.
create table public.parents (id integer primary key);
create table public.t (id integer primary key, code text unique, qty integer check (qty > 0), parent_id integer references public.parents);
