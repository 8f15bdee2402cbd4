-- The column is nullable (and has no NULLs): SET NOT NULL must precede ADD GENERATED.
create table public.items (code bigint, name text);
insert into public.items values (10, 'a'), (11, 'b');
