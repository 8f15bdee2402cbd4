create table public.files (id integer primary key, path text, name varchar(200));
create index files_path_prefix_idx on public.files (path text_pattern_ops);
create index files_name_idx on public.files (name varchar_pattern_ops, path collate "C");
