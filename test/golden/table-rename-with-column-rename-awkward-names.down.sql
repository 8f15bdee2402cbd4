ALTER TABLE "Sales Dept"."Purchase Orders" RENAME TO "order";

ALTER TABLE "Sales Dept"."order" RENAME COLUMN "customer name" TO "Cust Name";
