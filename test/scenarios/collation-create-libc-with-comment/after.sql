create table public.t (id integer primary key);
create schema i18n;
create collation i18n."Byte Order" (locale = 'C');
comment on collation i18n."Byte Order" is 'compare bytes';
create collation i18n.posix_split (lc_collate = 'POSIX', lc_ctype = 'POSIX');
