-- hazard blocksWrites: dropping materialized view public.page_counts: if it is created again, its query runs again (WITH DATA) while readers wait
DROP MATERIALIZED VIEW "public"."page_counts";

CREATE MATERIALIZED VIEW "public"."page_counts" AS
SELECT visits.page,
    count(*) AS n,
    max(visits.at) AS last_at
   FROM public.visits
  GROUP BY visits.page
WITH DATA;

CREATE UNIQUE INDEX page_counts_page_idx ON public.page_counts USING btree (page);
