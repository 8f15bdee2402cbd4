ALTER TYPE "public"."priority" ADD VALUE 'none' BEFORE 'low';

ALTER TYPE "public"."priority" ADD VALUE 'medium' BEFORE 'high';
