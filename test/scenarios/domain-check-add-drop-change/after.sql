create domain public.quantity as integer
  constraint quantity_positive check (value > 0)
  constraint quantity_under_limit check (value <= 10000)
  constraint "quantity is round" check (value % 1 = 0);
comment on constraint quantity_positive on domain public.quantity is 'zero is not a quantity';
create table public.lines (id integer primary key, qty public.quantity);
