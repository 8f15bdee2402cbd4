# Thin wrappers around the pgstrata CLI: every target is one call of it.
# Extra flags go in args, e.g.  make migrate-down args="--step 2"
PGSTRATA := node bin/pgstrata.js
SOURCES := $(shell find src -name '*.ts')

.PHONY: migrate-up migrate-down migrate-history migrate-status migrate-create migrate-check test db-up db-down

# The CLI runs from dist/; rebuild it when a source file is newer.
dist/bundle/main.js: $(SOURCES) package.json tsconfig.json tsconfig.build.json
	npm run -s build

migrate-up: dist/bundle/main.js
	$(PGSTRATA) up $(args)

migrate-down: dist/bundle/main.js
	$(PGSTRATA) down $(args)

migrate-history: dist/bundle/main.js
	$(PGSTRATA) history $(args)

migrate-status: dist/bundle/main.js
	$(PGSTRATA) status $(args)

# make migrate-create name="add orders"          (schema/ against the database: the SQL to review)
# make migrate-create name="backfill" empty=1    (a blank pair to write by hand)
migrate-create: dist/bundle/main.js
	$(PGSTRATA) create "$(name)" $(if $(empty),--empty) $(args)

# make migrate-check                             (CI: the migrations folder, schema/ against them; with DATABASE_URL, its ledger and drift)
migrate-check: dist/bundle/main.js
	$(PGSTRATA) check $(args)

test:
	npm test

# The example project's PostgreSQL in Docker (user llm_user, database llm-boilerplate).
db-up:
	docker compose up -d --wait db

db-down:
	docker compose down
