create table public.measurements (taken_at date not null, value numeric) partition by range (taken_at);
create table public.measurements_2024 partition of public.measurements for values from ('2024-01-01') to ('2025-01-01');
create table public.measurements_2025 partition of public.measurements for values from ('2025-01-01') to ('2026-01-01');
