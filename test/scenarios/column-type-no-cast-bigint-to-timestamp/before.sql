create table public.events (id integer primary key, happened_at bigint not null default 0,
  constraint events_happened_positive check (happened_at >= 0));
create index events_happened_idx on public.events (happened_at);
insert into public.events values (1, 1700000000), (2, 0);
