-- An enum used by a column that a view filters on is reordered: the view is dropped,
-- the type recreated, the column cast, the view created again.
create type public.sev as enum ('high', 'low', 'medium');
create table public.alerts (id integer primary key, sev public.sev not null);
create view public.serious_alerts as select id, sev from public.alerts where sev = 'high';
insert into public.alerts values (1, 'high'), (2, 'low');
