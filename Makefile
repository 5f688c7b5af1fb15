# The two commands a new machine needs are `make run` and `make test`; see README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEV_ENV := DJANGO_DEBUG=true PORTAL_REQUIRE_STAFF_MFA=false
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run demo test lint format bench seed install browser db-stop messages lock migrate backup restore

$(BIN)/activate: requirements-dev.lock
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.lock
	touch $(BIN)/activate

install: $(BIN)/activate

## Tables as their owner, then the portal's role may read and write their rows (README.md).
migrate: install
	$(DEV_ENV) DATABASE_AS_OWNER=true $(BIN)/python manage.py migrate --no-input
	$(DEV_ENV) $(BIN)/python manage.py grant_portal_role

## Prepare the demo: database (embedded unless DATABASE_URL is set), tables, demo municipality.
demo: migrate
	$(DEV_ENV) SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(BIN)/python manage.py seed_demo

## Serve the portal with demo data on http://127.0.0.1:8000 (HOST, PORT); mail links follow.
run: demo
	$(DEV_ENV) SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(BIN)/python manage.py runserver $(HOST):$(PORT)

seed: install
	$(DEV_ENV) $(BIN)/python manage.py seed_demo

## The whole test suite, browser tests included.
test: install browser
	$(BIN)/pytest

## Browser tests drive Debian's Chromium; install it where we may.
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "Browser tests need Chromium at /usr/bin/chromium: sudo apt-get install chromium"; exit 1; \
	  fi; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(DEV_ENV) $(BIN)/mypy portal organizations grants facilities events wellbeing communication volunteering

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Load figures: throughput and latency of the main pages against a bare view.
bench: install
	$(BIN)/python -m bench

## Extract new strings to the .po files and compile them.
messages: install
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l fi -l sv -l en --no-obsolete \
	  --ignore=.venv --ignore=bench --ignore=tests
	$(DEV_ENV) $(BIN)/python manage.py compilemessages --ignore=.venv

## Stop the embedded PostgreSQL server; its data stays in .pgdata/.
db-stop:
	$(BIN)/python -c "from portal.database import stop_embedded_server; stop_embedded_server()"

## Database dump and uploads archive: make backup [BACKUP=backups/name.dump]
BACKUP ?= backups/portal-$(shell date +%Y%m%d-%H%M%S).dump
backup: install
	$(DEV_ENV) $(BIN)/python manage.py backup $(BACKUP)

## Put a backup back, replacing the database's rows: make restore BACKUP=backups/name.dump
restore: install
	@test -f "$(BACKUP)" || { echo "Say which: make restore BACKUP=backups/portal-....dump"; exit 1; }
	$(DEV_ENV) $(BIN)/python manage.py restore $(BACKUP)

## Pin the dependencies again after changing pyproject.toml (production and development sets).
lock: install
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml -o requirements.lock --python-version 3.11
	$(BIN)/uv pip compile pyproject.toml --extra dev -o requirements-dev.lock --python-version 3.11
