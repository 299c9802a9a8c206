# Two commands: `make run` and `make test`. Everything they need, they install themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= localhost
PORT ?= 8000
CHROMIUM := /usr/bin/chromium
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install lint check messages lock bench clean browser-deps prod

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_content
	@echo ""
	@echo "LOC Cliëntenraden draait op http://$(HOST):$(PORT)/  (beheer: http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# The production setup on this machine (cms/ops/serve.py): PostgreSQL, Redis, migrate,
# collectstatic, demo content on an empty database, gunicorn (2 processes) and the task worker.
prod: install
	PORT=$(PORT) $(PY) cms/ops/serve.py

test: install browser-deps
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py check --fail-level WARNING
	$(PY) -m pytest --durations=15 $(PYTEST_ARGS)

install: $(VENV)/.installed

# Exact versions come from requirements.lock; pyproject.toml keeps the compatible ranges.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=25"
	$(BIN)/pip install --quiet -c requirements.lock -e ".[test]"
	touch $@

browser-deps: $(VENV)/.installed
	@[ -x $(CHROMIUM) ] || { echo "Installing Debian's chromium"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }
	@command -v java >/dev/null || { echo "Installing a Java runtime for the HTML checker"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless >/dev/null; }
	@command -v msgcat >/dev/null || { echo "Installing gettext for the translation checks"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq gettext >/dev/null; }
	@command -v npm >/dev/null || { echo "Installing Node.js and npm for the HTML checker"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }
	@[ -f $(VNU_JAR) ] || npm ci --no-audit --no-fund --silent

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Regenerate the Dutch catalogue after adding strings, then fill in msgstr and compile.
messages: install
	@command -v msgfmt >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq gettext >/dev/null; }
	$(PY) manage.py makemessages -l nl --no-obsolete --ignore=.venv --ignore=node_modules --ignore=staticfiles
	$(PY) manage.py compilemessages -l nl --ignore=.venv --ignore=node_modules

lock: install
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock

bench: install
	@command -v wrk >/dev/null || { echo "Installing Debian's wrk for bench/load.py"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk >/dev/null; }
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache
