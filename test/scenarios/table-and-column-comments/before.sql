-- Comments on a table and its columns: added, changed, removed; quotes and newlines inside.
create table public."order" ("select" integer primary key, total numeric, note text);
comment on table public."order" is 'old table comment';
comment on column public."order".note is 'to be removed';
insert into public."order" values (1, 10, 'x');
