-- One domain becomes NOT NULL (the column using it has no NULLs), another stops being NOT NULL.
create domain public.code as text;
create domain public.label as text not null;
create table public.items (id integer primary key, code public.code, label public.label);
insert into public.items values (1, 'A1', 'first'), (2, 'B2', 'second');
