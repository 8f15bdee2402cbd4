create table public.events (id integer not null, at date not null, primary key (id, at)) partition by range (at);
create table public.events_new partition of public.events for values from ('2024-01-01') to ('2100-01-01');
create table public.events_old (id integer not null, at date not null, constraint events_old_pkey primary key (id, at));
