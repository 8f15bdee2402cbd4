create table public.metrics (id integer not null, at date not null, primary key (id, at)) partition by range (at);
create table public.metrics_2025 partition of public.metrics for values from ('2025-01-01') to ('2026-01-01');
create table public.metrics_2026 partition of public.metrics for values from ('2026-01-01') to ('2027-01-01');
