-- A domain check added NOT VALID becomes validated (ALTER DOMAIN … VALIDATE CONSTRAINT).
-- Down cannot un-validate: it has to drop the check and add it back NOT VALID.
create domain public.score as integer;
create table public.results (id integer primary key, score public.score);
insert into public.results values (1, 10), (2, 99);
alter domain public.score add constraint score_range check (value between 0 and 100) not valid;
