create table public.accounts (id integer primary key, code text not null, constraint accounts_code_key unique (code));
create table public."Transfers" (id integer primary key, account_code text, constraint "to account" foreign key (account_code) references public.accounts (code));
insert into public.accounts values (1, 'a');
insert into public."Transfers" values (1, 'a');
