# The two commands: `make run` serves the demo pole, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app pooling
INSTALLED := $(VENV)/.installed
VENDOR := static/vendor/.installed
CATALOGS := $(patsubst %.po,%.mo,$(wildcard pooling/translations/*/LC_MESSAGES/messages.po))
# Tests run in parallel processes, each on a database of its own.
PYTEST := $(BIN)/pytest -p no:cacheprovider -n auto --maxprocesses 4 --dist worksteal
HOST ?= 127.0.0.1
PORT ?= 5000
# Links in e-mails and calendar feeds point where `make run` serves, unless BASE_URL is set.
BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: install pdf-deps lock run dev security test test-deps test-sqlite test-postgres test-load soak bench bench-scripts lint translations extract-messages clean

install: pdf-deps $(INSTALLED) $(VENDOR) $(CATALOGS)

# Pango, HarfBuzz's subsetter and a font from Debian's packages: WeasyPrint draws the annual
# reports' PDFs with them (and warns on import without the subsetter).
pdf-deps:
	@ldconfig -p | grep -q libpangoft2-1.0 && ldconfig -p | grep -q libharfbuzz-subset \
		&& fc-list 2>/dev/null | grep -q . \
		|| scripts/apt-install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig \
		fonts-dejavu-core

# The exact versions of requirements.lock, then the application itself.
$(INSTALLED): pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { echo "Python 3.11 is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

# Resolve pyproject.toml's ranges to the newest versions that fit, into requirements.lock;
# `make install` then brings the virtual environment to them.
lock:
	@test -x $(BIN)/uv || { $(PYTHON) -m venv $(VENV) && $(BIN)/pip install --quiet uv; }
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--upgrade --quiet --output-file requirements.lock
	$(MAKE) install

# Front-end libraries come from the npm registry and are served from static/vendor.
$(VENDOR): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/vendor && mkdir -p static/vendor/bootstrap/css static/vendor/bootstrap/js
	cp node_modules/bootstrap/dist/css/bootstrap.min.css* static/vendor/bootstrap/css/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js* static/vendor/bootstrap/js/
	mkdir -p static/vendor/fullcalendar/locales
	cp node_modules/fullcalendar/index.global.min.js node_modules/fullcalendar/LICENSE.md \
		static/vendor/fullcalendar/
	cp node_modules/@fullcalendar/core/locales/fr.global.min.js static/vendor/fullcalendar/locales/
	mkdir -p static/vendor/chartjs
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/LICENSE.md static/vendor/chartjs/
	@touch $@

%.mo: %.po $(INSTALLED)
	$(BIN)/pybabel compile -i $< -o $@

translations: $(CATALOGS)

extract-messages: $(INSTALLED)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		-o pooling/translations/messages.pot .
	$(BIN)/pybabel update -i pooling/translations/messages.pot -d pooling/translations \
		--no-fuzzy-matching --ignore-obsolete

run: install
	$(FLASK) db upgrade
	$(FLASK) demo --if-empty
	BASE_URL='$(BASE_URL)' $(FLASK) bookings tick
	@echo "Serving on http://$(HOST):$(PORT), links to $(BASE_URL) (Ctrl+C to stop)"
	BASE_URL='$(BASE_URL)' $(BIN)/gunicorn --config gunicorn.conf.py \
		--workers 2 --threads 4 --bind $(HOST):$(PORT) --access-logfile - \
		'pooling:create_app()'

# The development server, reloading on change.
dev: install
	$(FLASK) db upgrade
	$(FLASK) demo --if-empty
	BASE_URL='$(BASE_URL)' $(FLASK) bookings tick
	BASE_URL='$(BASE_URL)' $(FLASK) run --debug --host $(HOST) --port $(PORT)

# Chromium from Debian's packages for the browser tests; PostgreSQL for the second run.
test-deps:
	@command -v chromium >/dev/null || scripts/apt-install chromium
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || scripts/apt-install postgresql

# Known advisories that pip-audit may ignore, each as `--ignore-vuln ID` beside its reason:
# none today.
AUDIT_IGNORE :=

# bandit on the code (exceptions: `# nosec BXXX # reason` on their lines, bench/bandit.toml),
# then pip-audit on requirements.lock; either fails the run on a finding.
security: install
	$(BIN)/bandit --quiet --configfile pyproject.toml --recursive pooling scripts
	$(BIN)/bandit --quiet --configfile bench/bandit.toml --recursive bench
	$(BIN)/python scripts/audit_dependencies.py requirements.lock $(AUDIT_IGNORE)

test: install test-deps security
	$(BIN)/ruff check pooling tests migrations scripts
	@echo "=== SQLite ==="
	$(PYTEST)
	@echo "=== PostgreSQL ==="
	scripts/with-postgres $(PYTEST)
	$(MAKE) --no-print-directory test-load

test-sqlite: install
	$(PYTEST) $(ARGS)

test-postgres: install test-deps
	scripts/with-postgres $(PYTEST) $(ARGS)

# The load tests (tests/load): a PostgreSQL cluster with durable commits of their own, the
# demo pole, gunicorn with four workers, 50 simulated members for LOAD_SECONDS, then checks;
# and two gunicorn hosts on one database. The report goes to LOAD_REPORT (default reports/).
LOAD_SECONDS ?= 20
SOAK_MINUTES ?= 30
test-load: install test-deps
	@echo "=== Load ==="
	LOAD_TESTS=1 LOAD_SECONDS=$(LOAD_SECONDS) $(BIN)/pytest -p no:cacheprovider -n 0 -q tests/load $(ARGS)

# The long form of the load test (SOAK_MINUTES, 30 by default); prints its report at the end.
soak: install test-deps
	LOAD_TESTS=1 LOAD_SOAK=1 LOAD_SECONDS=$$(( $(SOAK_MINUTES) * 60 )) $(BIN)/pytest -p no:cacheprovider \
		-n 0 -q -s tests/load/test_load.py $(ARGS)

lint: install
	$(BIN)/ruff check pooling tests migrations scripts

clean:
	rm -rf $(VENV) node_modules static/vendor

# Benchmarks on the large generated pole (DATABASE_URL to use another database).
# The benchmarks on one large pole per database: SQLite in a temporary folder, then a
# throwaway PostgreSQL; each script serves the application with gunicorn.
bench: install
	POOLING_INSTANCE_PATH=$$(mktemp -d /tmp/pooling-bench.XXXXXX) $(MAKE) --no-print-directory bench-scripts
	PG_DURABLE=1 scripts/with-postgres sh -c 'DATABASE_URL=$$TEST_DATABASE_URL $(MAKE) --no-print-directory bench-scripts'

bench-scripts:
	$(BIN)/python bench/directory.py
	$(BIN)/python bench/catalogue.py
	$(BIN)/python bench/bookings.py
	$(BIN)/python bench/ledger.py
	$(BIN)/python bench/matching.py
	$(BIN)/python bench/review.py
