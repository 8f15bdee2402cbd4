-- hazard irreversible: public.counter gets narrower bounds: if its current value falls outside them, it restarts at its START and may hand out values it gave before
DO $pgstrata$
BEGIN
IF (SELECT last_value FROM "public"."counter") NOT BETWEEN 100 AND 9000000000 THEN
  ALTER SEQUENCE "public"."counter" AS bigint START WITH 100 INCREMENT BY 10 MINVALUE 100 MAXVALUE 9000000000 CACHE 20 CYCLE RESTART;
ELSE
  ALTER SEQUENCE "public"."counter" AS bigint START WITH 100 INCREMENT BY 10 MINVALUE 100 MAXVALUE 9000000000 CACHE 20 CYCLE;
END IF;
END
$pgstrata$;
