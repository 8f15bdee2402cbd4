-- serial (sequence + nextval default + OWNED BY) becomes an identity column: drop the
-- default and the sequence, then ADD GENERATED … AS IDENTITY. Rows survive.
create table public.events (id serial primary key, name text not null);
insert into public.events (name) values ('boot'), ('login');
