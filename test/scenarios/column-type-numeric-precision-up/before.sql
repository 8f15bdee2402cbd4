create table public.prices (id integer primary key, amount numeric(8, 2), rate numeric(5, 4));
insert into public.prices values (1, 123456.78, 0.1234);
