-- bigint → timestamp has no cast: the column is dropped and added again (its values are lost),
-- with its NOT NULL, default, check and index; down goes back the same way.
create table public.events (id integer primary key, happened_at timestamp not null default now(),
  constraint events_happened_positive check (happened_at > '2000-01-01'));
create index events_happened_idx on public.events (happened_at);
