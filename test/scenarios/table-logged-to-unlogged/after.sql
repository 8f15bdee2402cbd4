create unlogged table public."Session Store" (id bigserial primary key, payload text);
