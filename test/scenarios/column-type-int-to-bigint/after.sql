create table public.accounts (id bigint primary key, name text);
create table public.payments (id integer primary key, account_id bigint references public.accounts (id));
