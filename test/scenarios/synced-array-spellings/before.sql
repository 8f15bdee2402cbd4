-- Array dimensions and sizes are not stored: int[3][3], int[] and integer array are one type.
create table public.t (a int[], b integer array, c int[3][3], d text array[4]);
