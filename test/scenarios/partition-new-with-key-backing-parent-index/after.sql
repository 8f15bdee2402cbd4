create table public."Orders" (id integer, region text, code text, check (id > 0)) partition by list (region);
create table public."Orders eu" partition of public."Orders" for values in ('eu');
create table public."Orders us" partition of public."Orders" (constraint "Orders us PK" primary key (region, code)) for values in ('us');
create table public.orders_apac partition of public."Orders" (unique (region, code)) for values in ('apac');
create unique index "Orders region code" on public."Orders" (region, code);
insert into public."Orders" values (1, 'eu', 'a');
