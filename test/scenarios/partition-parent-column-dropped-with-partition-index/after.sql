create table public.readings (at date not null, value numeric) partition by range (at);
create table public.readings_2025 partition of public.readings for values from ('2025-01-01') to ('2026-01-01');
create table public.readings_2026 partition of public.readings for values from ('2026-01-01') to ('2027-01-01');
