-- REPLICA IDENTITY does not recurse: the parent and each partition have
-- their own, set one by one (a partition through its own key's index).
create table public.metrics (id integer not null, at date not null, primary key (id, at)) partition by range (at);
create table public.metrics_2025 partition of public.metrics for values from ('2025-01-01') to ('2026-01-01');
create table public.metrics_2026 partition of public.metrics for values from ('2026-01-01') to ('2027-01-01');
alter table public.metrics replica identity full;
alter table public.metrics_2025 replica identity using index metrics_2025_pkey;
alter table public.metrics_2026 replica identity nothing;
insert into public.metrics values (1, '2025-05-01'), (2, '2026-05-01');
