# The two commands of the quick start:
#   make site   — install everything and build the bilingual site into site/
#   make test   — install everything (incl. Chromium) and run the whole test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test serve check install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)
	scripts/system-deps site

site: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/pingan build

serve: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/pingan serve

check: $(STAMP)
	$(BIN)/pingan check

test: $(STAMP)
	scripts/system-deps test
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m pytest

clean:
	rm -rf site build .cache .pytest_cache test-output
