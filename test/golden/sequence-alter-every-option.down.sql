-- hazard irreversible: public.counter gets narrower bounds: if its current value falls outside them, it restarts at its START and may hand out values it gave before
DO $pgstrata$
BEGIN
IF (SELECT last_value FROM "public"."counter") NOT BETWEEN 1 AND 1000000 THEN
  ALTER SEQUENCE "public"."counter" AS integer START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 1000000 CACHE 1 NO CYCLE RESTART;
ELSE
  ALTER SEQUENCE "public"."counter" AS integer START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 1000000 CACHE 1 NO CYCLE;
END IF;
END
$pgstrata$;
