-- ALTER DOMAIN … SET/DROP DEFAULT on three domains.
create domain public.d_set as integer;
create domain public.d_change as text default 'old';
create domain public.d_drop as timestamptz default now();
create table public.t (id integer primary key, a public.d_set, b public.d_change, c public.d_drop);
insert into public.t values (1, 1, 'x', '2024-01-01 00:00:00+00');
