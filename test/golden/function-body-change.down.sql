CREATE OR REPLACE FUNCTION public.tax(amount numeric)
 RETURNS numeric
 LANGUAGE plpgsql
 IMMUTABLE
AS $function$
begin
  return amount * 0.19;
end
$function$;
