-- hazard blocksWrites: attaching public.orders_us scans it to check the partition bound
ALTER TABLE "public"."orders" ATTACH PARTITION "public"."orders_us" FOR VALUES IN ('us');
