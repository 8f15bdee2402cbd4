-- hazard rewritesTable: public.shirts.size is rewritten to the new enum public.size (ACCESS EXCLUSIVE)
ALTER TYPE "public"."size" RENAME TO "size__pgstrata_old";
CREATE TYPE "public"."size" AS ENUM ('small', 'medium', 'large');
COMMENT ON TYPE "public"."size" IS 'garment size';
ALTER TABLE "public"."shirts" ALTER COLUMN "size" DROP DEFAULT;
ALTER TABLE "public"."shirts" ALTER COLUMN "size" TYPE "public"."size" USING "size"::text::"public"."size";
ALTER TABLE "public"."shirts" ALTER COLUMN "size" SET DEFAULT 'medium'::public.size;
DROP TYPE "public"."size__pgstrata_old";
