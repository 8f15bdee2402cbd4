create table public.orders (id integer primary key, total numeric not null);
create table public."Order Summary" (day date primary key, total numeric not null);
