# SEND Portal: the README's commands. `make run` and `make test` do all set-up themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
DEMO_CHILDREN ?= 400
PORT ?= 8000

.PHONY: run test install assets lint format demo migrate bench clean help

help:
	@echo "make run    set up everything, load demo data and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   set up everything and run the whole test suite"
	@echo "make lint   ruff check + ruff format --check + lint-imports (the apps' one-way imports)"

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

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules static/vendor var
