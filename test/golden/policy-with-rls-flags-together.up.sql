ALTER TABLE "Tenant Data"."order" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Tenant Data"."order" FORCE ROW LEVEL SECURITY;

CREATE POLICY "allow_all" ON "Tenant Data"."order" AS PERMISSIVE FOR ALL TO PUBLIC USING (true);

CREATE POLICY "tenant_isolation" ON "Tenant Data"."order" AS RESTRICTIVE FOR ALL TO PUBLIC USING (tenant_id = NULLIF(current_setting('app.tenant_id'::text, true), ''::text)::integer);

DROP POLICY "shared_all" ON "Tenant Data"."shared";

ALTER TABLE "Tenant Data"."shared" DISABLE ROW LEVEL SECURITY;
