-- timestamp → timestamptz (interpreted in the session time zone) and a precision change.
create table public.events (id integer primary key, happened_at timestamp not null, logged_at timestamp(6));
insert into public.events values (1, '2024-03-10 12:00:00', '2024-03-10 12:00:01.123');
