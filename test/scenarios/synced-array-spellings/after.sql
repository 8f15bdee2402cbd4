create table public.t (a integer[], b integer[], c integer[], d text[]);
