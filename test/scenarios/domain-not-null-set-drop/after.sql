create domain public.code as text not null;
create domain public.label as text;
create table public.items (id integer primary key, code public.code, label public.label);
