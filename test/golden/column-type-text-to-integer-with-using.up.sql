-- hazard rewritesTable: changing public.imports.code from text to integer rewrites the table under ACCESS EXCLUSIVE
-- hazard deletesData: text → integer can fail on, or lose part of, existing values
ALTER TABLE "public"."imports" ALTER COLUMN "code" TYPE integer USING "code"::integer;

-- hazard rewritesTable: changing public.imports.qty from text to integer rewrites the table under ACCESS EXCLUSIVE
-- hazard deletesData: text → integer can fail on, or lose part of, existing values
ALTER TABLE "public"."imports" ALTER COLUMN "qty" TYPE integer USING "qty"::integer;
