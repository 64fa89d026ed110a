# Two commands: `make run` (set up + start the dashboard on the embedded data), `make test` (set up + all tests).
# `make test-fast` skips the tests marked slow (browsers, servers, PostgreSQL) for the edit loop.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
STAMP_RUN := $(VENV)/.run-installed
STAMP_DEV := $(VENV)/.dev-installed

.PHONY: run test test-fast lint format bench chromium postgresql nginx serve reportlibs clean

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP_RUN): requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(STAMP_DEV): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP_RUN) $@

# Debian's chromium serves Kaleido (image export) and Playwright (browser tests); never a downloaded browser.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	fi

# Debian's PostgreSQL server binaries serve the store tests (a throwaway server on a free port);
# Debian puts initdb in /usr/lib/postgresql/<version>/bin, off PATH.
postgresql:
	@if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		echo "Installing Debian's postgresql (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	fi

# Debian's nginx-light serves `make serve` and its test (tests/test_deploy.py); openssl hashes
# the editors' passwords (deploy/add_editor.sh).
nginx:
	@if [ ! -x /usr/sbin/nginx ] || ! command -v openssl >/dev/null 2>&1; then \
		echo "Installing Debian's nginx-light and openssl (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light openssl; \
	fi

# Several replicas behind nginx on this machine (deploy/serve.sh; editors: deploy/add_editor.sh).
REPLICAS ?= 2
serve: $(STAMP_RUN) nginx
	REPLICAS=$(REPLICAS) deploy/serve.sh


# Debian's Pango serves WeasyPrint (PDF reports); DejaVu and Noto CJK fonts cover the records'
# Latin, Cyrillic and Chinese titles.
reportlibs:
	@if ! ldconfig -p | grep -q libpangoft2-1.0 || ! fc-list | grep -qi "Noto Sans CJK"; then \
		echo "Installing Debian's Pango and fonts for PDF reports (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-cjk; \
	fi

run: $(STAMP_RUN) reportlibs
	@echo "Starting the dashboard on http://localhost:$(PORT)"
	$(VENV)/bin/streamlit run dashboard.py --server.port $(PORT) --server.headless true

lint: $(STAMP_DEV)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP_DEV)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: $(STAMP_DEV) chromium postgresql nginx reportlibs lint
	$(VENV)/bin/pytest

# The edit loop: everything but the tests marked slow (browsers, servers, PostgreSQL).
test-fast: $(STAMP_DEV) lint
	$(VENV)/bin/pytest -m "not slow"

bench: $(STAMP_DEV) chromium
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
