PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MARKER := $(VENV)/.installed

.PHONY: run test lint format messages bench clean

$(MARKER): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(MARKER)

run: $(MARKER)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_protocol
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py seed_demo_reports
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: $(MARKER)
	$(PY) -m pytest $(PYTEST_ARGS)

# How fast the pages people wait for are over HTTP (gunicorn, production settings) on a school
# board's data at scales 0.1 and 1, each in a throwaway database (see README, "Benchmark"). Not
# part of `make test`; set DATABASE_URL to a PostgreSQL server. Shorter, one scale, or JSON:
# make bench BENCH_ARGS="--scale 0.01 --seconds 4 --json var/bench.json"
bench: $(MARKER)
	$(PY) scripts/benchmark.py $(BENCH_ARGS)

lint: $(MARKER)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: $(MARKER)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Extract new strings into the Dutch catalogue and compile it (needs GNU gettext).
# tests/test_translations.py runs the same extraction; keep the two in step. Test code
# (every tests/ folder, conftest.py) may call gettext itself, but readers never see it.
messages: $(MARKER)
	DEBUG=1 $(PY) manage.py makemessages --locale nl --no-location --no-obsolete \
		--ignore '.venv/*' --ignore 'var/*' --ignore 'static/vendor/*' \
		--ignore 'tests/*' --ignore 'conftest.py'
	DEBUG=1 $(PY) manage.py compilemessages --locale nl --ignore '.venv/*'

clean:
	rm -rf $(VENV) var
