create type public."Money Amount" as (amount numeric(12, 2), currency char(3));
comment on type public."Money Amount" is 'an amount with its currency';
create function public.zero_eur() returns public."Money Amount" language sql immutable
  as $$ select row(0, 'EUR')::public."Money Amount" $$;
