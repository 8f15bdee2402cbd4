create table public.users (
  id integer primary key,
  name text not null,
  nickname text,
  active boolean not null default true,
  roles text[] not null default '{reader}',
  "Login Count" integer not null default 0
);
