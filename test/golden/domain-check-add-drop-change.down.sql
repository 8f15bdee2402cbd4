-- hazard blocksWrites: adding CHECK quantity_small to domain public.quantity scans every column of that type while blocking writes
ALTER DOMAIN "public"."quantity" DROP CONSTRAINT "quantity is round";
ALTER DOMAIN "public"."quantity" DROP CONSTRAINT "quantity_under_limit";
COMMENT ON CONSTRAINT "quantity_positive" ON DOMAIN "public"."quantity" IS NULL;
ALTER DOMAIN "public"."quantity" ADD CONSTRAINT "quantity_small" CHECK (VALUE < 1000);
