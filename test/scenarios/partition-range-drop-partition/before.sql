create table public.measurements (taken_at date not null, value numeric) partition by range (taken_at);
create table public.measurements_2023 partition of public.measurements for values from ('2023-01-01') to ('2024-01-01');
create table public.measurements_2024 partition of public.measurements for values from ('2024-01-01') to ('2025-01-01');
insert into public.measurements values ('2023-06-01', 1), ('2024-06-01', 2);
