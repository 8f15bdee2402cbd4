create table public.invoices (id integer primary key, amount numeric, currency text);
