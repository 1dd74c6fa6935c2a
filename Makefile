# Dorixona: `make run` serves the shop, `make test` runs every test. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
NPM ?= npm
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run test venv frontend frontend-deps backend-test frontend-test e2e lint check schema \
	migrate seed clean bench bench-load security-scan backup restore smoke compose-check fault \
	messages

help:
	@echo "make run    - install, build the web client, migrate, load demo data, serve on :$(PORT)"
	@echo "make test   - install what the tests need and run the whole suite"
	@echo "make lint   - ruff and migration checks"
	@echo "make bench  - benchmarks against PostgreSQL at scale (BENCH_QUICK=1 for a short run)"
	@echo "make backup - pg_dump the configured database into BACKUP_DIR (keeps BACKUP_KEEP)"
	@echo "make restore DUMP=<file> TARGET=<fresh db> - restore a dump into a new database"
	@echo "make smoke  - bring up gunicorn, Celery, beat and nginx locally and check them end to end"
	@echo "make fault  - only the fault-injection suite (private PostgreSQL/Redis; part of make test)"

$(VENV)/.installed: requirements/base.txt requirements/prod.txt requirements/dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/dev.txt
	touch $@

venv: $(VENV)/.installed

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && $(NPM) ci --no-audit --no-fund
	touch $@

frontend-deps: frontend/node_modules/.package-lock.json

frontend: frontend-deps
	cd frontend && $(NPM) run build

migrate: venv
	$(PY) manage.py migrate --noinput

seed: migrate
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo

run: venv frontend
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo
	@echo "Shop: http://$(HOST):$(PORT)/  API: http://$(HOST):$(PORT)/api/v1/  Admin: http://$(HOST):$(PORT)/admin/"
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The fault-injection suite starts its own servers: its own invocation, after the rest.
backend-test: venv
	$(BIN)/pytest --ignore=tests/fault
	$(BIN)/pytest tests/fault

frontend-test: frontend-deps
	cd frontend && $(NPM) test

e2e: venv frontend-deps
	cd frontend && $(NPM) run e2e

test: frontend-test e2e backend-test

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

schema: venv
	$(PY) manage.py spectacular --lang en --validate --fail-on-warn --file docs/openapi.yml

# Refresh the uz/ru message catalogues from the code (locale/ and apps/notifications/locale/),
# then compile them; tests/core/test_translations.py fails while any message is untranslated.
MESSAGES_IGNORE := --ignore ".venv/*" --ignore "frontend/*" --ignore "bench/*" --ignore "tests/*"
messages: venv
	$(PY) manage.py makemessages -l uz -l ru --no-location --no-wrap $(MESSAGES_IGNORE)
	$(PY) manage.py compilemessages $(MESSAGES_IGNORE)

# Benchmarks never run inside the tests. Under 30 minutes from an empty database on 2 cores
# (about 20 when the data is there); BENCH_QUICK=1 for about 10 minutes with the data there.
bench: venv
	$(PY) -m pip install --quiet -r requirements/bench.txt
	$(PY) bench/run.py

# Step load test with locust (5, 10, 20, 40 users until errors or p95 > 2 s); BENCH_QUICK=1 for
# a small database and 20 s steps. Writes the load-test section of docs/benchmarks.md.
bench-load: venv
	$(PY) -m pip install --quiet -r requirements/bench.txt
	$(PY) bench/locust_run.py

# pip-audit, npm audit (high and above) and bandit; SECURITY_SCAN_ALLOW_OFFLINE=1 tolerates an
# unreachable advisory service.
security-scan: venv
	bash scripts/security_scan.sh

backup: venv
	$(PY) manage.py db_backup

restore: venv
	@test -n "$(DUMP)" -a -n "$(TARGET)" || { echo "usage: make restore DUMP=<file> TARGET=<fresh db>"; exit 2; }
	$(PY) manage.py db_restore "$(DUMP)" --target "$(TARGET)" --create

smoke: venv
	bash scripts/install_stack_tools.sh
	$(PY) scripts/smoke_stack.py

# tests/fault alone (`make test` runs it too, in its own invocation; see docs/security.md).
fault: venv
	$(BIN)/pytest tests/fault

compose-check: venv
	bash scripts/install_stack_tools.sh
	$(BIN)/pytest -q tests/stack/test_compose.py

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist staticfiles .pytest_cache
