CREATE TABLE "public"."Books" (
    "id" bigint GENERATED ALWAYS AS IDENTITY (START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1 NO CYCLE),
    "author_id" integer NOT NULL,
    "title" text NOT NULL,
    "isbn" character varying(13),
    "price" numeric(8,2) DEFAULT 0 NOT NULL,
    "tags" text[] DEFAULT '{}'::text[] NOT NULL,
    "published" date,
    "created_at" timestamp with time zone DEFAULT now() NOT NULL
);

COMMENT ON TABLE "public"."Books" IS 'books we sell';

COMMENT ON COLUMN "public"."Books"."isbn" IS 'ISBN-13 without dashes';

ALTER TABLE "public"."Books" ADD CONSTRAINT "books_author_fkey" FOREIGN KEY (author_id) REFERENCES public.authors(id) ON DELETE RESTRICT;

ALTER TABLE "public"."Books" ADD CONSTRAINT "books_isbn_key" UNIQUE (isbn);

ALTER TABLE "public"."Books" ADD CONSTRAINT "books_pkey" PRIMARY KEY (id);

ALTER TABLE "public"."Books" ADD CONSTRAINT "books_price_check" CHECK (price >= 0::numeric);

CREATE INDEX books_title_idx ON public."Books" USING btree (lower(title));
