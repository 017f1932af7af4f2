# Tandem. The README names these targets: `make demo` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEMO_ENV := TANDEM_DEMO=1

.PHONY: demo serve install install-test lint test test-sqlite test-postgres test-browser demo-code bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

# The npm packages (USWDS, sass, axe-core), then the site's stylesheet, scripts and icons built
# from them into tandem/static/uswds/ (scripts/build-assets; the output is not committed).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

ASSETS := tandem/static/uswds/.built
$(ASSETS): node_modules/.installed scripts/build-assets $(wildcard tandem/ui/sass/*.scss) $(wildcard tandem/templates/ui/*.html)
	scripts/build-assets

install: $(VENV)/.installed $(ASSETS)

## demo: install, migrate var/tandem.sqlite3, load the demo Commonwealth once, serve on :8000 with the task worker.
demo: install
	mkdir -p var
	$(DEMO_ENV) $(PY) manage.py migrate --noinput -v0
	$(DEMO_ENV) $(PY) manage.py createcachetable
	$(DEMO_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(DEMO_ENV) $(PY) manage.py demo_commonwealth --if-empty
	$(MAKE) --no-print-directory serve

serve:
	@echo "Tandem is at http://127.0.0.1:8000 (Ctrl-C stops it)."
	$(DEMO_ENV) $(PY) manage.py db_worker & worker=$$!; \
	$(DEMO_ENV) $(PY) manage.py daily_work --every 3600 & schedule=$$!; \
	$(DEMO_ENV) $(PY) manage.py insights_refresh --every 3600 & figures=$$!; \
	$(DEMO_ENV) $(PY) manage.py backup --every 86400 & backups=$$!; \
	$(DEMO_ENV) $(PY) manage.py decide_published_figures --every 86400 & published=$$!; \
	trap 'kill $$worker $$schedule $$figures $$backups $$published 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(VENV)/bin/gunicorn tandem.wsgi --bind 127.0.0.1:8000 --workers 3 --access-logfile -

## demo-code: the demo administrators' current two-factor code.
demo-code: install
	@$(DEMO_ENV) $(PY) manage.py demo_totp

## install-test: Python test tools, the built assets, Debian's chromium (as root); axe-core comes with npm ci.
install-test: $(VENV)/.installed-test $(ASSETS)
	scripts/install-test-tools

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run -v0

test-sqlite: install-test
	TANDEM_PLAIN_STATIC=1 $(VENV)/bin/pytest -m "not browser" -q -n 2

test-postgres: install-test
	scripts/with-postgres env TANDEM_PLAIN_STATIC=1 $(VENV)/bin/pytest -m "not browser" -q -n 2

test-browser: install-test
	scripts/with-postgres env TANDEM_PLAIN_STATIC=1 $(VENV)/bin/pytest -m browser -q -p no:xdist

## test: install, lint, the suite on SQLite and on PostgreSQL, then the browser tests; prints each phase's time.
test:
	scripts/phase install $(MAKE) --no-print-directory install-test
	scripts/phase lint $(MAKE) --no-print-directory lint
	scripts/phase sqlite $(MAKE) --no-print-directory test-sqlite
	scripts/phase postgresql $(MAKE) --no-print-directory test-postgres
	scripts/phase browser $(MAKE) --no-print-directory test-browser
	@cat var/phases.txt

## bench: build --scale 250 in var/bench and time pages over HTTP (add BENCH_ARGS="--database postgres").
bench: install
	PYTHONPATH=. $(PY) bench/directory.py $(BENCH_ARGS)
	PYTHONPATH=. $(PY) bench/evaluation.py $(BENCH_ARGS)
	PYTHONPATH=. $(PY) bench/collaboration.py $(BENCH_ARGS)
	PYTHONPATH=. $(PY) bench/imports.py $(BENCH_ARGS)
	PYTHONPATH=. $(PY) bench/insights.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var node_modules tandem/static/uswds
