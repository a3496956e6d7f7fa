# MotCua — see README.md. Every target works from a fresh clone on Debian with Python 3.11.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: demo test test-sqlite lint migrations-check messages bench run serve worker clean install install-test

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## make demo: install, migrate, load the demo province and serve it on http://127.0.0.1:8000
demo: install
	@scripts/system-packages.sh
	DEBUG=true $(BIN)/python manage.py migrate --no-input
	DEBUG=true $(BIN)/python manage.py load_demo
	DEBUG=true scripts/serve-demo.sh $(PORT)

run: install
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## make serve: the production stack on this machine (DEBUG off, collected static files,
## gunicorn as configured in deploy/gunicorn.conf.py, one task worker); see docs/operations.md
serve: install
	@scripts/system-packages.sh
	scripts/serve.sh $(PORT)

worker: install
	DEBUG=true $(BIN)/python manage.py worker

## make test: lint, migration check, the whole suite on SQLite and on PostgreSQL
test: install-test
	scripts/test.sh

test-sqlite: install-test
	scripts/test.sh --sqlite-only

lint: install-test
	$(BIN)/ruff check .

migrations-check: install
	DJANGO_SETTINGS_MODULE=motcua.settings_test $(BIN)/python manage.py makemigrations --check --dry-run

## make messages: collect the Vietnamese source strings into motcua/locale/en/LC_MESSAGES/django.po
## and compile django.mo (needs GNU gettext: apt-get install gettext); see docs/translation.md
MESSAGES_IGNORE := --ignore '.venv/*' --ignore 'var/*' --ignore 'bench/*'
messages: install
	DEBUG=true $(BIN)/python manage.py makemessages -l en $(MESSAGES_IGNORE) --no-obsolete
	DEBUG=true $(BIN)/python manage.py compilemessages -l en $(MESSAGES_IGNORE)
	@msgfmt --statistics -o /dev/null motcua/locale/en/LC_MESSAGES/django.po

bench: install-test
	scripts/bench.sh

clean:
	rm -rf $(VENV) var build *.egg-info
