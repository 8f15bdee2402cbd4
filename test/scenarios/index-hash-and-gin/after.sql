create table public.docs (id integer primary key, token text, body jsonb, tags text[], search tsvector);
create index docs_token_hash_idx on public.docs using hash (token);
create index docs_body_idx on public.docs using gin (body jsonb_path_ops);
create index docs_tags_idx on public.docs using gin (tags);
create index docs_search_idx on public.docs using gin (search);
