create table public.t (id integer primary key, created_at timestamptz default current_timestamp);
