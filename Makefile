# OneSila developer commands. `make demo` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
DEMO_COMPANY ?= Demo Company
DEMO_PRODUCTS ?= 400
PORT ?= 8000
# The demo sandboxes' fixed ports: `make demo` and `make run` both use them.
SHOPIFY_SANDBOX_PORT ?= 8701
export SHOPIFY_SANDBOX_PORT
EBAY_SANDBOX_PORT ?= 8705
export EBAY_SANDBOX_PORT
AMAZON_SANDBOX_PORT ?= 8704
export AMAZON_SANDBOX_PORT
MAGENTO2_SANDBOX_PORT ?= 8703
export MAGENTO2_SANDBOX_PORT
WOOCOMMERCE_SANDBOX_PORT ?= 8702
export WOOCOMMERCE_SANDBOX_PORT
PYTEST_ARGS ?=

.PHONY: setup migrate demo test run lint bench clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

migrate: setup
	$(PY) manage.py migrate --noinput

## The main job against the sandboxes on the embedded default (SQLite + SQLite Huey).
demo: migrate
	$(PY) manage.py run_demo --company "$(DEMO_COMPANY)" --products $(DEMO_PRODUCTS)

## The whole suite (SQLite by default; DATABASE_URL / REDIS_URL switch to PostgreSQL / Redis).
## Browser tests (marker `browser`) run when /usr/bin/chromium exists and are skipped otherwise.
test: setup
	$(VENV)/bin/pytest -q -n 2 $(PYTEST_ARGS)

## The admin and /graphql/ on http://127.0.0.1:$(PORT), a Huey worker and every integration's sandbox
## (on its fixed port; the demo channels are reconnected to it and their listings verified).
run: migrate
	@echo "Login:   demo / demo   (created by 'make demo')"
	$(PY) manage.py run_stack --port $(PORT)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run --settings OneSila.settings.agent

bench: setup
	$(PY) benchmarks/seed.py --products 10000
	$(PY) benchmarks/framework_push.py --products 10000

clean:
	rm -rf var/ .pytest_cache .ruff_cache .mypy_cache
