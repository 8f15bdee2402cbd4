DROP INDEX "public"."jobs_one_running_idx";

DROP INDEX "public"."jobs_pending_idx";

-- hazard blocksWrites: CREATE INDEX jobs_pending_idx blocks writes to table public.jobs while it builds; CONCURRENTLY avoids that
CREATE INDEX jobs_pending_idx ON public.jobs USING btree (run_at) WHERE state = 'pending'::text;
