# The two set-up commands of the README: `make demo` and `make test`.
# Each builds the virtual environment it needs on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint docs emulator clean

$(BIN)/hcsync: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,docs]'
	touch $@

demo: $(BIN)/hcsync
	$(BIN)/python scripts/demo.py

# The suite's tests are independent (each has its own tree and emulator state), so
# they run on every core; the slow suites (act, the browser) run once in it.
test: $(BIN)/hcsync lint
	$(BIN)/pytest -q -n auto

lint: $(BIN)/hcsync
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir $$(mktemp -d)

docs: $(BIN)/hcsync
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

emulator: $(BIN)/hcsync
	$(BIN)/hcsync emulator

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache site
