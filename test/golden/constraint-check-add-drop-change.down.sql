-- hazard blocksWrites: adding CHECK discount_small scans table public.products while blocking writes; NOT VALID then VALIDATE avoids that
ALTER TABLE "public"."products" ADD CONSTRAINT "discount_small" CHECK (discount < 50::numeric);

ALTER TABLE "public"."products" DROP CONSTRAINT "discount below price";

ALTER TABLE "public"."products" DROP CONSTRAINT "price_positive";

-- hazard blocksWrites: adding CHECK price_positive scans table public.products while blocking writes; NOT VALID then VALIDATE avoids that
ALTER TABLE "public"."products" ADD CONSTRAINT "price_positive" CHECK (price > 0::numeric);
