COMMENT ON TABLE "public"."order" IS 'orders placed
by customers, "quoted" and it''s fine';

COMMENT ON COLUMN "public"."order"."select" IS 'the order number';

COMMENT ON COLUMN "public"."order"."total" IS 'in cents';

COMMENT ON COLUMN "public"."order"."note" IS NULL;
