-- An unused collation is dropped; another one stays.
create collation public.old_c (locale = 'C');
create collation public.kept_c (locale = 'C');
