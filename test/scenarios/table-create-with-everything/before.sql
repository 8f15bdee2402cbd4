-- A new table with most column and constraint features, referencing an existing one.
create table public.authors (id integer primary key, name text not null);
insert into public.authors values (1, 'Ursula');
