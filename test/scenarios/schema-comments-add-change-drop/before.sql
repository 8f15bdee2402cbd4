-- Comments on three schemas: one changes, one appears, one is removed.
create schema alpha;
comment on schema alpha is 'first';
create schema beta;
create schema "Gamma Ω";
comment on schema "Gamma Ω" is 'to be removed';
