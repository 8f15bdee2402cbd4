create collation public.kept_c (locale = 'C');
