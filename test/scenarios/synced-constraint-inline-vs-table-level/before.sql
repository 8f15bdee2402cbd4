create table public.parents (id integer constraint parents_pkey primary key);
create table public.t (
  id integer constraint t_pkey primary key,
  code text constraint t_code_key unique,
  qty integer constraint t_qty_check check (qty > 0),
  parent_id integer constraint t_parent_fkey references public.parents (id)
);
