create table public.accounts (id integer, region text, code text, seq serial, primary key (region, id), unique (region, code)) partition by list (region);
create table public.accounts_eu partition of public.accounts for values in ('eu');
create table public.accounts_us partition of public.accounts for values in ('us');
create table public."Account links" (region text, code text) partition by list (region);
create table public."Account links eu" partition of public."Account links" for values in ('eu');
alter table public."Account links" add constraint "links to accounts" foreign key (region, code) references public.accounts (region, code);
insert into public.accounts (id, region, code) values (1, 'eu', 'a'), (2, 'us', 'b');
insert into public."Account links" values ('eu', 'a');
