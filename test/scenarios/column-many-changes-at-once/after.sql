create table public."select" (
  id integer primary key,
  "from" varchar(80) not null,
  amount bigint not null default 0,
  flag boolean,
  note text default 'none',
  "where" text,
  "Created" timestamptz not null default now(),
  "ïd" smallint
);
comment on column public."select"."from" is 'origin';
