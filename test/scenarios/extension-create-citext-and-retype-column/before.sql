-- citext arrives in its own schema and an existing text column (with a unique
-- constraint and rows) becomes citext.
create table public."User" (id integer primary key, "E-mail" text not null constraint user_email_key unique);
insert into public."User" values (1, 'Ada@Example.com'), (2, 'grace@example.com');
