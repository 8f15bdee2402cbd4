create table public.accounts (region text not null, id integer not null, primary key (region, id)) partition by list (region);
create table public.accounts_eu partition of public.accounts for values in ('eu');
create table public.accounts_us partition of public.accounts for values in ('us');
create table public.payments (id integer primary key, region text, account integer,
  foreign key (region, account) references public.accounts (region, id));
insert into public.accounts values ('eu', 1), ('us', 2);
insert into public.payments values (1, 'eu', 1);
