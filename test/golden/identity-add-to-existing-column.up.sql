-- hazard blocksWrites: adding an identity to public.items.id takes ACCESS EXCLUSIVE
ALTER TABLE "public"."items" ALTER COLUMN "id" ADD GENERATED ALWAYS AS IDENTITY (START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 NO CYCLE);
SELECT pg_catalog.setval(seq, top) FROM (SELECT pg_catalog.pg_get_serial_sequence('"public"."items"', 'id')::regclass AS seq, max("id") AS top FROM "public"."items") AS v
  WHERE top >= coalesce(pg_catalog.pg_sequence_last_value(seq), 0)
    AND (SELECT seqincrement FROM pg_catalog.pg_sequence WHERE seqrelid = seq) > 0;
