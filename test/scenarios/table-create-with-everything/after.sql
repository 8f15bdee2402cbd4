create table public.authors (id integer primary key, name text not null);
create table public."Books" (
  id bigint generated always as identity,
  author_id integer not null,
  title text not null,
  isbn varchar(13),
  price numeric(8, 2) default 0 not null,
  tags text[] not null default '{}',
  published date,
  created_at timestamptz not null default now(),
  constraint books_pkey primary key (id),
  constraint books_author_fkey foreign key (author_id) references public.authors (id) on delete restrict,
  constraint books_isbn_key unique (isbn),
  constraint books_price_check check (price >= 0)
);
comment on table public."Books" is 'books we sell';
comment on column public."Books".isbn is 'ISBN-13 without dashes';
create index books_title_idx on public."Books" (lower(title));
