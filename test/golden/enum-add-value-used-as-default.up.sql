ALTER TYPE "public"."ticket_state" ADD VALUE 'triage' BEFORE 'open';

-- pgstrata:commit new enum values must be committed before they can be used

ALTER TABLE "public"."tickets" ALTER COLUMN "state" SET DEFAULT 'triage'::public.ticket_state;
