-- Only the body changes: CREATE OR REPLACE FUNCTION, dependents untouched.
create function public.tax(amount numeric) returns numeric language plpgsql immutable as $$
begin
  return amount * 0.19;
end
$$;
