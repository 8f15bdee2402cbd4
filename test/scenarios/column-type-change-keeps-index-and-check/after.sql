create table public.products (id integer primary key, code varchar(40) not null constraint products_code_key unique, weight numeric(10, 3) constraint weight_positive check (weight > 0));
create index products_weight_idx on public.products (weight) where weight > 100;
