CREATE OR REPLACE FUNCTION public.tax(amount numeric)
 RETURNS numeric
 LANGUAGE plpgsql
 IMMUTABLE
AS $function$
begin
  -- reduced rate for small amounts
  if amount < 10 then
    return amount * 0.07;
  end if;
  return amount * 0.19;
end
$function$;
