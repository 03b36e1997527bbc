# The README's two set-up commands: `make lab` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.skcnn-installed
DOCS_STAMP := $(VENV)/.skcnn-docs-installed

.PHONY: lab test lint install docs clean

lab: $(STAMP)
	$(BIN)/skcnn lab

# Two pytest workers: most of a test's time is single-threaded (tracing, Python),
# so two processes use CI's two cores; TEST_WORKERS=0 runs in this process.
TEST_WORKERS ?= 2

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -p no:cacheprovider -ra -n $(TEST_WORKERS) --doctest-modules tests skcnn $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dask]"
	touch $(STAMP)

# The documentation site (Sphinx) into docs/_build/html; warnings are errors.
docs: $(DOCS_STAMP)
	$(BIN)/sphinx-build -W --keep-going -b html docs docs/_build/html

$(DOCS_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test,dask,docs]"
	touch $(DOCS_STAMP)

clean:
	rm -rf $(VENV) build *.egg-info skcnn-lab
