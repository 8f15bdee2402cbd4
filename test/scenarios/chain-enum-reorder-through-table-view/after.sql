create type public.sev as enum ('low', 'medium', 'high');
create table public.alerts (id integer primary key, sev public.sev not null);
create view public.serious_alerts as select id, sev from public.alerts where sev = 'high';
