create function public.tax(amount numeric) returns numeric language plpgsql immutable as $$
begin
  -- reduced rate for small amounts
  if amount < 10 then
    return amount * 0.07;
  end if;
  return amount * 0.19;
end
$$;
