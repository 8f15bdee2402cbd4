create type public.order_state as enum ('new', 'paid', 'packed', 'shipped');
create table public.orders (
  id integer primary key,
  state public.order_state not null default 'new',
  constraint orders_state_check check (state <> 'packed' or id > 0)
);
