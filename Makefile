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

.PHONY: help run test test-postgres bench lint format venv clean fonts

help:
	@echo "make run    serve the demo site on http://127.0.0.1:8000 (SQLite, demo content)"
	@echo "make test   ruff, migrations check and the whole test suite"
	@echo "make test-postgres   the test suite again on throw-away PostgreSQL and Redis servers"
	@echo "make bench  HTTP benchmark under gunicorn and wrk (bench/README.md; not part of test)"
	@echo "make fonts  rebuild static/fonts/ from the npm packages (static/fonts/README.md)"

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

# The site's two typefaces, from the npm registry, cut down to the characters English text
# uses (static/fonts/README.md). The tools go into the git-ignored .cache/fonts/, never into
# the project's virtualenv.
FONTS_DIR := .cache/fonts
FONT_PACKAGES := @fontsource/source-serif-4@5.3.1 @fontsource/source-sans-3@5.3.1
FONT_FILES := source-serif-4/files/source-serif-4-latin-600-normal \
	source-sans-3/files/source-sans-3-latin-400-normal \
	source-sans-3/files/source-sans-3-latin-700-normal
# Basic Latin, then no-break space, £ © · é – — ‘ ’ “ ” • … › € ← →; keep in step with the
# unicode-range of the @font-face rules in static/css/site.css (and their copy in feed.css).
FONT_UNICODES := U+0020-007E,U+00A0,U+00A3,U+00A9,U+00B7,U+00E9,U+2013,U+2014,U+2018,U+2019,U+201C,U+201D,U+2022,U+2026,U+203A,U+20AC,U+2190,U+2192

fonts:
	rm -rf $(FONTS_DIR) && mkdir -p $(FONTS_DIR)
	npm install --prefix $(FONTS_DIR) --no-save --no-package-lock --ignore-scripts --no-audit \
	  --no-fund --loglevel=error $(FONT_PACKAGES)
	python3 -m venv $(FONTS_DIR)/venv
	$(FONTS_DIR)/venv/bin/pip install --quiet fonttools==4.68.0 brotli==1.2.1
	for file in $(FONT_FILES); do \
	  $(FONTS_DIR)/venv/bin/pyftsubset $(FONTS_DIR)/node_modules/@fontsource/$$file.woff2 \
	    --unicodes="$(FONT_UNICODES)" --layout-features=kern,liga --no-hinting \
	    --desubroutinize --flavor=woff2 --output-file=static/fonts/$$(basename $$file).woff2; \
	done
	cp $(FONTS_DIR)/node_modules/@fontsource/source-serif-4/LICENSE static/fonts/source-serif-4-LICENSE.txt
	cp $(FONTS_DIR)/node_modules/@fontsource/source-sans-3/LICENSE static/fonts/source-sans-3-LICENSE.txt
