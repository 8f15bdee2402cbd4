-- hazard blocksWrites: adding CHECK "discount below price" scans table public.products while blocking writes; NOT VALID then VALIDATE avoids that
ALTER TABLE "public"."products" ADD CONSTRAINT "discount below price" CHECK (discount < price);

ALTER TABLE "public"."products" DROP CONSTRAINT "discount_small";

ALTER TABLE "public"."products" DROP CONSTRAINT "price_positive";

-- hazard blocksWrites: adding CHECK price_positive scans table public.products while blocking writes; NOT VALID then VALIDATE avoids that
ALTER TABLE "public"."products" ADD CONSTRAINT "price_positive" CHECK (price >= 0.01);
