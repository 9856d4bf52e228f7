# The two set-up commands of the README: `make demo` and `make test`.
# Each builds the virtual environment it needs on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint emulator clean

$(BIN)/hcsync: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/hcsync
	$(BIN)/python scripts/demo.py

test: $(BIN)/hcsync lint
	$(BIN)/pytest -q

lint: $(BIN)/hcsync
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

emulator: $(BIN)/hcsync
	$(BIN)/hcsync emulator

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
