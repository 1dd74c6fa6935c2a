# Dorixona: `make run` serves the shop, `make test` runs every test. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
NPM ?= npm
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run test venv frontend frontend-deps backend-test frontend-test lint check schema \
	migrate seed clean

help:
	@echo "make run    - install, build the web client, migrate, load demo data, serve on :$(PORT)"
	@echo "make test   - install what the tests need and run the whole suite"
	@echo "make lint   - ruff and migration checks"

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

backend-test: venv
	$(BIN)/pytest

frontend-test: frontend-deps
	cd frontend && $(NPM) test

test: frontend-test backend-test

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

schema: venv
	$(PY) manage.py spectacular --validate --fail-on-warn --file docs/openapi.yml

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist staticfiles .pytest_cache
