create table public.parents (id integer constraint parents_pkey primary key);
create table public.t (id integer, code text, qty integer, parent_id integer,
  constraint t_pkey primary key (id), constraint t_code_key unique (code), constraint t_qty_check check (qty > 0),
  constraint t_parent_id_fkey foreign key (parent_id) references public.parents (id) match simple on update no action on delete no action not deferrable);
