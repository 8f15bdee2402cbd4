create table public.accounts (id text, region text, code text, seq text, primary key (region, id), unique (region, seq)) partition by list (region);
create table public.accounts_eu partition of public.accounts for values in ('eu');
create table public.accounts_us partition of public.accounts for values in ('us');
create table public."Account links" (region text, code text) partition by list (region);
create table public."Account links eu" partition of public."Account links" for values in ('eu');
insert into public.accounts (id, region, code, seq) values ('1', 'eu', 'a', '1'), ('2', 'us', 'b', '2');
insert into public."Account links" values ('eu', 'a');
