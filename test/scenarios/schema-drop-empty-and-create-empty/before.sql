-- One empty schema is dropped, another (with a quote in its name) is created.
create schema scratch;
