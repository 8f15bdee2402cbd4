-- The primary key is dropped; NOT NULL on its column stays because after.sql declares it.
create table public.log (id integer constraint log_pkey primary key, line text);
insert into public.log values (1, 'x');
