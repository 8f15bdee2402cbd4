create table public.countries (id integer primary key, iso_code char(2) not null constraint countries_iso_code_key unique);
create table public.addresses (id integer primary key, country char(2) constraint addresses_country_fkey references public.countries (iso_code));
