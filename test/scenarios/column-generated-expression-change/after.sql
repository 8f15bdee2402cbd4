create table public.line_items (id integer primary key, qty integer not null, unit_price numeric(10, 2) not null,
  total numeric(12, 2) generated always as (round(qty * unit_price * 1.2, 2)) stored);
