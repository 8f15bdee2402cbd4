COMMENT ON TABLE "public"."order" IS 'old table comment';

COMMENT ON COLUMN "public"."order"."select" IS NULL;

COMMENT ON COLUMN "public"."order"."total" IS NULL;

COMMENT ON COLUMN "public"."order"."note" IS 'to be removed';
