create schema alpha;
comment on schema alpha is 'first, and it''s "quoted"';
create schema beta;
comment on schema beta is 'now documented';
create schema "Gamma Ω";
