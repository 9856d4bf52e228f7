#!/usr/bin/env bash
# The Action's install step. A virtual environment of its own in $VENV, so its
# pinned dependencies never meet the packages of the job's other steps; into it,
# everything in action-requirements.txt (hcsync's dependencies and its build
# backend), each file checked against its hash, wheels only; then hcsync itself,
# built from the Action's checkout ($ACTION_PATH, the commit the workflow pins)
# with that pinned backend and nothing from the index. Sets the step output
# `python`: the interpreter the later steps run hcsync with. (--no-compile: a
# module is compiled when first imported; compiling all of them up front took
# two thirds of the install.)
set -euo pipefail
rm -f "$KEY" # it was only the pip cache's key: out of the docs repository's work tree
python -m venv --without-pip "$VENV"
if [ -x "$VENV/bin/python" ]; then py=$VENV/bin/python; else py=$VENV/Scripts/python.exe; fi
pip=(python -m pip --python "$py" --disable-pip-version-check --no-input)
"${pip[@]}" install --quiet --no-compile --require-hashes --only-binary :all: --no-deps \
  -r "$ACTION_PATH/action-requirements.txt"
"${pip[@]}" install --quiet --no-compile --no-deps --no-build-isolation --no-index "$ACTION_PATH"
"$py" -m hcsync.cli --version
echo "python=$py" >> "$GITHUB_OUTPUT"
