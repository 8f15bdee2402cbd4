create table public.memberships (user_id integer not null, group_id integer not null, role text,
  constraint memberships_pkey primary key (user_id, group_id));
