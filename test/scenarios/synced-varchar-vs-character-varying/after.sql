create table public.t (a character varying(20), b character varying, c character(3), d character(1), e character varying(20)[]);
