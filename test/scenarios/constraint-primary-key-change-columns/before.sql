-- The primary key changes from one column to two.
create table public.memberships (user_id integer not null, group_id integer not null, role text,
  constraint memberships_pkey primary key (user_id));
insert into public.memberships values (1, 10, 'admin'), (2, 10, 'member');
