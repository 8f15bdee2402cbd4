-- hazard rewritesTable: public.tasks.priority is rewritten to the new enum public.priority (ACCESS EXCLUSIVE)
-- hazard irreversible: values removed from public.priority cannot come back with the rows that held them (the migration stops if any row still holds one)
DO $pgstrata$
BEGIN
IF EXISTS (SELECT FROM "public"."tasks" WHERE "priority"::text IN ('none', 'medium')) THEN
  RAISE EXCEPTION 'ENUM_VALUE_IN_USE: %.% still holds a value removed from %', '"public"."tasks"', 'priority', '"public"."priority"'
    USING HINT = 'update those rows to another value in an earlier migration, or keep the value';
END IF;
END
$pgstrata$;
ALTER TYPE "public"."priority" RENAME TO "priority__pgstrata_old";
CREATE TYPE "public"."priority" AS ENUM ('low', 'high');
ALTER TABLE "public"."tasks" ALTER COLUMN "priority" TYPE "public"."priority" USING "priority"::text::"public"."priority";
DROP TYPE "public"."priority__pgstrata_old";
