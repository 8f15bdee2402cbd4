-- A new trigger function and a trigger using it: function first; down drops the trigger first.
create table public.docs (id integer primary key, body text, updated_at timestamptz);
insert into public.docs values (1, 'x', null);
