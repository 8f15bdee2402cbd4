create table public.products (id integer primary key, price numeric, discount numeric,
  constraint price_positive check (price >= 0.01),
  constraint "discount below price" check (discount < price));
