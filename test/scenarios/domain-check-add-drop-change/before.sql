-- Named domain checks: one added, one dropped, one changed (drop + add); a comment on one.
create domain public.quantity as integer
  constraint quantity_positive check (value > 0)
  constraint quantity_small check (value < 1000);
create table public.lines (id integer primary key, qty public.quantity);
insert into public.lines values (1, 5), (2, 999);
