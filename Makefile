# The two commands of the quick start:
#   make site   — install everything and build the bilingual site into site/
#   make test   — install everything (incl. Chromium) and run the whole test suite
#   make test-fast — the fast tier (no browsers, no LibreOffice, no full site builds)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test test-fast serve check install clean constraints

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)
	scripts/system-deps site

site: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/pingan build

serve: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/pingan serve

check: $(STAMP)
	$(BIN)/pingan check

# the suite in TEST_WORKERS processes (pytest-xdist, a test module whole on one of them; 0: in this one)
TEST_WORKERS ?= 2
test: $(STAMP)
	scripts/system-deps test
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m pytest -n $(TEST_WORKERS)

# without browsers, LibreOffice or full site builds: about a minute and a half
test-fast: $(STAMP)
	scripts/system-deps fast
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not slow"

# after changing pyproject.toml: re-pin every package of the environment
constraints: $(STAMP)
	( sed -n '1,2p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable | grep -vi '^pingan' ) > constraints.tmp
	mv constraints.tmp constraints.txt

clean:
	rm -rf site build .cache .pytest_cache test-output
