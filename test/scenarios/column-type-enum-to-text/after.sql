create table public.orders (id integer primary key, status text not null default 'new');
