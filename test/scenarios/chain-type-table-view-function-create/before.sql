-- Everything new, in dependency order: enum → table (column, default) → view → function
-- (returns setof the view) → a second view calling the function.
create schema app;
