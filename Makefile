# Two commands: `make run` (set up everything, serve the demo) and `make test` (the suite, but for its slow tests).
# Also: `make test-all` (the slow tests too, as CI runs it) and `make screenshots` (the README's pictures).
SHELL := /bin/bash
.DEFAULT_GOAL := run

# Python >= 3.12: the first interpreter on this list that really runs and is new enough.
PYTHON ?= $(shell for p in python3.12 python3.13 python3 $$HOME/.pyenv/versions/3.12*/bin/python3.12 /usr/bin/python3.12; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Cần Python 3.12 trở lên (python3.12)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[test]"
	touch $(STAMP)

.PHONY: venv
venv: $(STAMP)

# Debian packages the app and its tests need: Pango for WeasyPrint, Liberation fonts (Times New Roman
# metrics with every Vietnamese letter) for the PDFs, Chromium for the browser tests.
.PHONY: system-deps
system-deps:
	@missing=""; \
	for pkg in chromium fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils; do \
		dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
		echo "Cài gói hệ thống:$$missing"; \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

.PHONY: run
run: $(STAMP) system-deps
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo --host $(HOST) --port $(PORT)
	@# The task worker builds big reports in the background; it stops with the server.
	DEBUG=1 $(PY) manage.py db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The suite on every core (pytest-xdist; each worker has its own test database). TEST_MARKERS picks the tests:
# by default all but the `slow` ones (query counts with hundreds of rows, fuzzing), which `make test-all` adds.
# PYTEST_ARGS comes last, so it can override both, e.g. PYTEST_ARGS="-n 0 -k report".
TEST_MARKERS ?= not slow

.PHONY: test
test: $(STAMP) system-deps
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -n auto --dist worksteal $(if $(TEST_MARKERS),-m "$(TEST_MARKERS)") $(PYTEST_ARGS)

.PHONY: test-all
test-all: TEST_MARKERS =
test-all: test

# The browser journeys, saving their screenshots into docs/screenshots (other runs keep them in a temporary folder).
.PHONY: screenshots
screenshots: $(STAMP) system-deps
	SCREENSHOTS_DIR="$(CURDIR)/docs/screenshots" $(PY) -m pytest -m browser $(PYTEST_ARGS)

.PHONY: clean
clean:
	rm -rf $(VENV) db.sqlite3 var staticfiles .pytest_cache .hypothesis
