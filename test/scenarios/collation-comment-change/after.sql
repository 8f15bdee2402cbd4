create collation public.c_order (locale = 'C');
comment on collation public.c_order is 'byte order, stable across glibc upgrades';
