-- A retyped column keeps its index, unique constraint and check (PostgreSQL rebuilds them).
create table public.products (id integer primary key, code varchar(10) not null constraint products_code_key unique, weight integer constraint weight_positive check (weight > 0));
create index products_weight_idx on public.products (weight) where weight > 100;
insert into public.products values (1, 'A', 5), (2, 'B', 500);
