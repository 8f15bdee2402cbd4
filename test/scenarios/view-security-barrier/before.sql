create table public.accounts (id integer primary key, owner text, balance numeric);
create view public.my_accounts as select id, balance from public.accounts where owner = current_user;
create view public.all_balances with (security_barrier = true) as select id, balance from public.accounts;
