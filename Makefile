# smallbiz: `make run` serves the demo site, `make test` runs every check CI runs.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
VENV_PY := $(VENV)/bin/python
MANAGE := $(VENV_PY) manage.py
# Local development defaults; production sets its own environment (see .env.example).
DEV_ENV := DJANGO_DEBUG=1

# The first Python 3.12+ that really runs: $PYTHON, then python3.14/3.13/3.12/python3 on the
# PATH, then pyenv's installed versions (whose shims may exist but fail).
define find_python
for c in $${PYTHON:-} python3.14 python3.13 python3.12 python3; do \
  p=$$(command -v "$$c" 2>/dev/null) || continue; \
  "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$$p"; exit 0; }; \
done; \
root=$$(pyenv root 2>/dev/null || echo "$$HOME/.pyenv"); \
for p in $$(ls -d "$$root"/versions/3.1[2-9]*/bin/python 2>/dev/null | sort -rV); do \
  "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$$p"; exit 0; }; \
done
endef

.PHONY: help run test test-postgres bench lint format venv clean

help:
	@echo "make run    serve the demo site on http://127.0.0.1:8000 (SQLite, demo content)"
	@echo "make test   ruff, migrations check and the whole test suite"
	@echo "make test-postgres   the test suite again on throw-away PostgreSQL and Redis servers"
	@echo "make bench  HTTP benchmark under gunicorn and wrk (bench/README.md; not part of test)"

$(VENV)/.installed: pyproject.toml
	@py="$$($(find_python))"; \
	if [ -z "$$py" ]; then \
	  echo "No working Python 3.12 or newer found. Install one, or run: make PYTHON=/path/to/python3.12 ..." >&2; \
	  exit 1; \
	fi; \
	echo "Using $$py ($$("$$py" --version))"; \
	[ -x $(VENV_PY) ] || "$$py" -m venv $(VENV)
	$(VENV_PY) -m pip install --quiet --upgrade pip
	$(VENV_PY) -m pip install --quiet -e ".[dev]"
	@touch $@

venv: $(VENV)/.installed

run: venv
	$(DEV_ENV) $(MANAGE) migrate --noinput
	$(DEV_ENV) $(MANAGE) load_demo
	$(DEV_ENV) $(MANAGE) insights_demo_data
	$(DEV_ENV) $(MANAGE) local_editor
	$(DEV_ENV) $(MANAGE) runserver 127.0.0.1:8000

test: venv
	$(VENV_PY) -m ruff check .
	$(DEV_ENV) $(MANAGE) makemigrations --check --dry-run
	$(VENV_PY) -m pytest $(PYTEST_ARGS)

# The same suite on PostgreSQL and Redis, as several app servers run: .ci/postgres.sh and
# .ci/redis.sh install Debian's packages if needed, start throw-away servers on 127.0.0.1
# and run pytest with DATABASE_URL and REDIS_URL pointing at them.
test-postgres: venv
	.ci/redis.sh .ci/postgres.sh $(VENV_PY) -m pytest $(PYTEST_ARGS)

# A measurement, not a test: a few minutes of wrk against gunicorn (needs wrk installed).
bench: venv
	$(VENV_PY) bench/http $(BENCH_ARGS)

format: venv
	$(VENV_PY) -m ruff format .
	$(VENV_PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
