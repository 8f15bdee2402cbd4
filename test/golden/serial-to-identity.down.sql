ALTER TABLE "public"."events" ALTER COLUMN "id" DROP IDENTITY;

CREATE SEQUENCE "public"."events_id_seq" AS integer START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 NO CYCLE;

ALTER TABLE "public"."events" ALTER COLUMN "id" SET DEFAULT nextval('public.events_id_seq'::regclass);
SELECT pg_catalog.setval(seq, top) FROM (SELECT 'public.events_id_seq'::regclass AS seq, max("id") AS top FROM "public"."events") AS v
  WHERE top >= coalesce(pg_catalog.pg_sequence_last_value(seq), 0)
    AND (SELECT seqincrement FROM pg_catalog.pg_sequence WHERE seqrelid = seq) > 0;

ALTER SEQUENCE "public"."events_id_seq" OWNED BY "public"."events"."id";
