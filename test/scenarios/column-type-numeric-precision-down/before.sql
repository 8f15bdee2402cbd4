-- numeric(14,4) → numeric(10,2): narrowing (a hazard); these values fit and have no
-- digits past the second decimal, so nothing is lost either way.
create table public.prices (id integer primary key, amount numeric(14, 4));
insert into public.prices values (1, 1234.5600), (2, 0.1000);
