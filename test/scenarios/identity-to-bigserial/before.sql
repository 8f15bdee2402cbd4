-- An identity column becomes bigserial: drop identity, widen to bigint, create the
-- sequence, set the default, OWNED BY.
create table public.logs (id integer generated always as identity primary key, line text);
insert into public.logs (line) values ('a'), ('b');
