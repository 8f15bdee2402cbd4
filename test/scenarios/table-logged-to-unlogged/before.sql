-- ALTER TABLE … SET UNLOGGED; a sequence-backed column stays as it is.
create table public."Session Store" (id bigserial primary key, payload text);
insert into public."Session Store" (payload) values ('a'), ('b');
