-- hazard rewritesTable: public.tickets.state is rewritten to the new enum public.ticket_state (ACCESS EXCLUSIVE)
-- hazard irreversible: values removed from public.ticket_state cannot come back with the rows that held them (the migration stops if any row still holds one)
DO $pgstrata$
BEGIN
IF EXISTS (SELECT FROM "public"."tickets" WHERE "state"::text IN ('triage')) THEN
  RAISE EXCEPTION 'ENUM_VALUE_IN_USE: %.% still holds a value removed from %', '"public"."tickets"', 'state', '"public"."ticket_state"'
    USING HINT = 'update those rows to another value in an earlier migration, or keep the value';
END IF;
END
$pgstrata$;
ALTER TYPE "public"."ticket_state" RENAME TO "ticket_state__pgstrata_old";
CREATE TYPE "public"."ticket_state" AS ENUM ('open', 'closed');
ALTER TABLE "public"."tickets" ALTER COLUMN "state" DROP DEFAULT;
ALTER TABLE "public"."tickets" ALTER COLUMN "state" TYPE "public"."ticket_state" USING "state"::text::"public"."ticket_state";
DROP TYPE "public"."ticket_state__pgstrata_old";

ALTER TABLE "public"."tickets" ALTER COLUMN "state" SET DEFAULT 'open'::public.ticket_state;
