# The two commands of the README: `make demo` and `make test`. Everything else supports them.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
TRANSLATIONS := marketplace/translations
export FLASK_APP := wsgi

.PHONY: setup demo serve test lint messages translations bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## setup: virtualenv, pinned dependencies, compiled translations
setup: $(STAMP) translations

translations: $(STAMP)
	$(BIN)/pybabel compile --domain messages --directory $(TRANSLATIONS)

## demo: set everything up, build the database, load the demo data, serve on :5000
demo: setup
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo
	$(BIN)/flask search reindex
	@# The Midtrans simulator (no keys needed) on :5001 and the Biteship rates simulator on
	@# :5002 (any key), both stopped with the shop.
	$(BIN)/python -m marketplace.gateways.midtrans_simulator --host 127.0.0.1 --port 5001 --quiet \
		--state-file instance/simulator.sqlite3 \
		--notify-url http://127.0.0.1:5000/pembayaran/midtrans/notifikasi & \
	sim=$$!; \
	$(BIN)/python -m marketplace.gateways.biteship_simulator --host 127.0.0.1 --port 5002 --quiet & \
	rates=$$!; trap 'kill $$sim $$rates 2>/dev/null' EXIT INT TERM; \
	SHIPPING_PROVIDER=biteship BITESHIP_API_URL=http://127.0.0.1:5002 BITESHIP_API_KEY=demo \
		$(BIN)/flask run --host 127.0.0.1 --port 5000

## test: set everything up, lint (ruff, import layers), run the whole suite (SQLite, and PostgreSQL when reachable)
test: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

## messages: extract the strings to translate and merge them into the catalogues
messages: $(STAMP)
	$(BIN)/pybabel extract --mapping-file babel.cfg --keywords _l --keywords N_ --no-location \
		--ignore-dirs '.* __pycache__' \
		--sort-output --output-file $(TRANSLATIONS)/messages.pot --project "Pasar Sentra" .
	$(BIN)/pybabel update --input-file $(TRANSLATIONS)/messages.pot \
		--output-dir $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete

## bench: the page benchmark (gunicorn + wrk); results go to docs/benchmarks.md
bench: setup
	$(BIN)/python bench/pages.py --write-docs

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
