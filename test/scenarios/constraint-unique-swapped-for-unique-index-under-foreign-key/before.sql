create table public.accounts (id integer primary key, code text not null, constraint "accounts code" unique (code));
create table public.transfers (id integer primary key, account_code text references public.accounts (code));
insert into public.accounts values (1, 'a');
insert into public.transfers values (1, 'a');
