create table public.countries (code char(2) primary key);
create table public.customers (
  id bigint constraint customers_pkey primary key,
  "name" varchar(120) not null,
  country char(2) constraint customers_country_fkey references public.countries (code),
  credit numeric(12, 2) constraint customers_credit_check check (credit >= 0),
  active boolean not null default true
);
