create table public.authors (id integer primary key);
create table public.editors (id integer primary key);
create table public.books (id integer primary key, author_id integer, editor_id integer,
  constraint books_author_fkey foreign key (author_id) references public.authors (id));
