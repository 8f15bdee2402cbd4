create table public."Weird Table" (
  id integer primary key,
  "select" text,
  "Order Date" date,
  "a""quote" text,
  "dots.in.name" integer,
  "ñandú" text default 'ñ',
  " " text
);
