-- text → integer needs USING (the values convert, and print back the same); down goes back to text.
create table public.imports (id integer primary key, qty text, code text not null);
insert into public.imports values (1, '42', '7'), (2, null, '-12');
