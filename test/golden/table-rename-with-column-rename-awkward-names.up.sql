ALTER TABLE "Sales Dept"."order" RENAME TO "Purchase Orders";

ALTER TABLE "Sales Dept"."Purchase Orders" RENAME COLUMN "Cust Name" TO "customer name";
