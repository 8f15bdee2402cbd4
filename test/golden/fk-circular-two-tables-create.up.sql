CREATE TABLE "public"."departments" (
    "id" integer NOT NULL,
    "manager_id" integer
);

ALTER TABLE "public"."departments" ADD CONSTRAINT "departments_pkey" PRIMARY KEY (id);

CREATE TABLE "public"."employees" (
    "id" integer NOT NULL,
    "department_id" integer
);

ALTER TABLE "public"."employees" ADD CONSTRAINT "employees_department_fkey" FOREIGN KEY (department_id) REFERENCES public.departments(id);

ALTER TABLE "public"."employees" ADD CONSTRAINT "employees_pkey" PRIMARY KEY (id);

ALTER TABLE "public"."departments" ADD CONSTRAINT "departments_manager_id_fkey" FOREIGN KEY (manager_id) REFERENCES public.employees(id);
