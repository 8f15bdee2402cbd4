ALTER TABLE "Tenant Data"."shared" ENABLE ROW LEVEL SECURITY;

CREATE POLICY "shared_all" ON "Tenant Data"."shared" AS PERMISSIVE FOR ALL TO PUBLIC USING (true);

DROP POLICY "allow_all" ON "Tenant Data"."order";

DROP POLICY "tenant_isolation" ON "Tenant Data"."order";

ALTER TABLE "Tenant Data"."order" DISABLE ROW LEVEL SECURITY;
ALTER TABLE "Tenant Data"."order" NO FORCE ROW LEVEL SECURITY;
