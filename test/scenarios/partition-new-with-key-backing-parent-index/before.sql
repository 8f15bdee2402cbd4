create table public."Orders" (id integer, region text, code text, check (id > 0)) partition by list (region);
create unique index "Orders region code" on public."Orders" (region, code);
create table public."Orders eu" partition of public."Orders" for values in ('eu');
insert into public."Orders" values (1, 'eu', 'a');
