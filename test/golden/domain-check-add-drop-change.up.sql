-- hazard blocksWrites: adding CHECK "quantity is round" to domain public.quantity scans every column of that type while blocking writes
-- hazard blocksWrites: adding CHECK quantity_under_limit to domain public.quantity scans every column of that type while blocking writes
ALTER DOMAIN "public"."quantity" DROP CONSTRAINT "quantity_small";
ALTER DOMAIN "public"."quantity" ADD CONSTRAINT "quantity is round" CHECK ((VALUE % 1) = 0);
COMMENT ON CONSTRAINT "quantity_positive" ON DOMAIN "public"."quantity" IS 'zero is not a quantity';
ALTER DOMAIN "public"."quantity" ADD CONSTRAINT "quantity_under_limit" CHECK (VALUE <= 10000);
