ALTER TABLE "public"."departments" DROP CONSTRAINT "departments_manager_id_fkey";

ALTER TABLE "public"."employees" DROP CONSTRAINT "employees_department_fkey";

-- hazard deletesData: dropping table public.departments deletes its rows
-- hazard irreversible: the rows cannot be restored by the down migration
DROP TABLE "public"."departments";

-- hazard deletesData: dropping table public.employees deletes its rows
-- hazard irreversible: the rows cannot be restored by the down migration
DROP TABLE "public"."employees";
