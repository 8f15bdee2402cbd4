create domain public.d_set as integer default 42;
create domain public.d_change as text default 'new';
create domain public.d_drop as timestamptz;
create table public.t (id integer primary key, a public.d_set, b public.d_change, c public.d_drop);
