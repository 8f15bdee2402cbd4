-- hazard blocksWrites: adding bookings_no_overlap builds an index on table public.bookings while blocking writes
ALTER TABLE "public"."bookings" ADD CONSTRAINT "bookings_no_overlap" EXCLUDE USING gist (during WITH &&);
