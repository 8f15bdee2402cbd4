-- Storage parameters: one set, one changed, one reset.
create table public.hot (id integer primary key, v integer) with (fillfactor = 90, autovacuum_enabled = false);
create table public.cold (id integer primary key);
insert into public.hot values (1, 1);
