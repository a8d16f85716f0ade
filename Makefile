# SEND Portal: the README's commands. `make run` and `make test` do all set-up themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
DEMO_CHILDREN ?= 400
PORT ?= 8000

.PHONY: run test install assets lint typecheck format demo migrate bench clean help

help:
	@echo "make run    set up everything, load demo data and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   set up everything and run the whole test suite"
	@echo "make lint   ruff check + ruff format --check + lint-imports (the apps' one-way imports) + typecheck"
	@echo "make typecheck  mypy with django-stubs over the apps (strict for services, statutory, access, core)"
	@echo "make format ruff check --fix + ruff format"
	@echo "make demo   migrate and load the demo council (DEMO_CHILDREN=$(DEMO_CHILDREN))"
	@echo "make bench  how to run the benchmarks in bench/ (they need a database of their own)"
	@echo "make clean  remove .venv, node_modules, static/vendor and var/ (the SQLite database too)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# Front-end assets: pinned in package.json, compiled and copied into static/vendor (not committed).
static/vendor/.built: package.json package-lock.json $(wildcard static/scss/*.scss)
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build
	mkdir -p static/vendor/govuk/assets static/vendor/moj/assets
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/vendor/govuk/
	cp -R node_modules/govuk-frontend/dist/govuk/assets/images static/vendor/govuk/assets/
	cp node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js static/vendor/moj/
	cp -R node_modules/@ministryofjustice/frontend/moj/assets/images static/vendor/moj/assets/
	touch $@

assets: static/vendor/.built

migrate: install
	DEBUG=$${DEBUG:-true} $(MANAGE) migrate --noinput

demo: migrate
	DEBUG=$${DEBUG:-true} $(MANAGE) seed_demo --children $(DEMO_CHILDREN)

# The app with demo data: Django's server plus a real Celery worker with embedded beat.
# Without REDIS_URL they talk through files under var/celery; Ctrl-C stops both.
run: install assets demo
	DEBUG=$${DEBUG:-true} PORT=$(PORT) bash scripts/serve-dev.sh

# The whole suite. DATABASE_URL / REDIS_URL pick real services; without them SQLite is used
# and the tests that need Redis are skipped (pytest says which, and why).
test: install assets
	DEBUG=$${DEBUG:-true} $(BIN)/pytest -n auto $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(MAKE) --no-print-directory typecheck

# mypy's Django plugin loads the settings: DEBUG=true lets them load without a SECRET_KEY.
typecheck: install
	DEBUG=true $(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules static/vendor var

# The benchmarks build a large synthetic council in the database they are given, so they are
# never run by make: this prints how to run each (details and figures in bench/README.md).
bench:
	@echo "Benchmarks (bench/README.md). Each writes demo data into DATABASE_URL: give it a"
	@echo "database of its own, never a council's. For example:"
	@echo "  export DATABASE_URL=postgres://postgres@127.0.0.1:5432/send_bench DEBUG=true"
	@echo "  $(MANAGE) migrate"
	@echo "  $(BIN)/python bench/caseload.py --children 30000   # caseload pages, search, export"
	@echo "  $(BIN)/python bench/deadline_scan.py               # the daily scan and reminder emails"
	@echo "  $(BIN)/python bench/kpis.py                        # every KPI at national scale"
	@echo "  $(BIN)/python bench/load.py                        # locust: caseworkers and managers at once"
	@echo "  $(BIN)/python bench/downloads.py                   # board paper and plan PDFs: stored vs rendered"
	@echo "  $(BIN)/python bench/faults.py                      # faults, on a cluster of its own (as root)"
