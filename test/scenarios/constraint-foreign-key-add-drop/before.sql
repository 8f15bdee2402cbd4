create table public.authors (id integer primary key);
create table public.editors (id integer primary key);
create table public.books (id integer primary key, author_id integer, editor_id integer,
  constraint books_editor_fkey foreign key (editor_id) references public.editors (id));
insert into public.authors values (1);
insert into public.editors values (1);
insert into public.books values (1, 1, 1);
