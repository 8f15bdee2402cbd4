create table public.accounts (id integer constraint accounts_pkey primary key, balance numeric,
  constraint balance_nonnegative check (balance >= 0));
comment on constraint balance_nonnegative on public.accounts is 'no overdrafts';
comment on constraint accounts_pkey on public.accounts is 'surrogate key';
