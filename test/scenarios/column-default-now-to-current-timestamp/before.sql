-- now() and CURRENT_TIMESTAMP mean the same thing but PostgreSQL stores and prints them
-- differently (a function call vs an SQLValueFunction), so this is a real change.
create table public.t (id integer primary key, created_at timestamptz default now());
insert into public.t (id) values (1);
