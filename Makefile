# Oorlog in Oekraïne — digitale editie.
#
#   make setup   create .venv and install requirements.lock + the project, node_modules/ from
#                package-lock.json (each only when it changed), and the Debian packages
#   make build   write the complete site to site/ (with the PDFs and the offline zip)
#   make serve   build and serve at http://127.0.0.1:8000/
#   make test    setup + Debian packages (chromium, fonts) + every test
#   make bench   build, then the benchmark (pipeline, PDFs, browser)
#   make clean   remove generated files, build/ (with the cache of incremental builds) and site/
#
# Needs only Python 3.11 (`python3`) on Debian; missing Debian packages are installed by
# scripts/install-system-deps.sh. The site URL comes from the environment variable SITE_URL.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup build serve test bench clean

# The Debian packages too: `edition clean` needs the Dutch word lists (wdutch, hunspell-nl).
setup: $(STAMP) $(NODE_STAMP)
	bash scripts/install-system-deps.sh

# Reinstall only when the lock or the project metadata changed (or the venv is new).
# A fresh Debian machine lacks python3-venv (ensurepip): install it first.
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import ensurepip, venv' >/dev/null 2>&1 || bash scripts/install-system-deps.sh
	@if ! $(BIN)/python -c '' >/dev/null 2>&1; then \
	    rm -rf $(VENV); \
	    echo "$(PYTHON) -m venv $(VENV)"; \
	    $(PYTHON) -m venv $(VENV); \
	fi
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

# Front-end files from the npm registry (package-lock.json): the iframe-worker shim for the offline
# copy, axe-core and vnu-jar for the tests.  --ignore-scripts: vnu-jar's install script would
# download a Java runtime; the machine's java is used instead.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || bash scripts/install-system-deps.sh
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

build: setup
	bash scripts/install-system-deps.sh
	$(BIN)/edition build

serve: setup
	bash scripts/install-system-deps.sh
	$(BIN)/edition serve

test: setup
	bash scripts/install-system-deps.sh
	$(BIN)/python -m pytest -q

bench: build
	$(BIN)/edition bench

clean:
	@if [ -x $(BIN)/edition ] && $(BIN)/edition --help 2>/dev/null | grep -q 'clean-build'; then \
	    echo "$(BIN)/edition clean-build"; \
	    $(BIN)/edition clean-build; \
	fi
	rm -rf site review test-artifacts build
