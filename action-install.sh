#!/usr/bin/env bash
# The Action's install step. A virtual environment of its own in $VENV, so its
# pinned dependencies never meet the packages of the job's other steps; into it,
# everything in action-requirements.txt (hcsync's dependencies and its build
# backend), each file checked against its hash, wheels only; then hcsync itself,
# built from the Action's checkout ($ACTION_PATH, the commit the workflow pins)
# with that pinned backend and nothing from the index. Sets the step output
# `python`: the interpreter the later steps run hcsync with.
#
# The wheels are kept in a folder of pip's cache directory, which setup-python
# saves and restores keyed on the same file: a warm run installs them without
# asking the index anything (pip's own HTTP cache depends on the index's caching
# headers). --no-compile: a module is compiled when first imported; compiling all
# of them up front took two thirds of the install.
set -euo pipefail
rm -f "$KEY" # it was only the pip cache's key: out of the docs repository's work tree
requirements=$ACTION_PATH/action-requirements.txt
pip=(python -m pip --disable-pip-version-check --no-input)
wheels=$("${pip[@]}" cache dir 2>/dev/null || echo "$RUNNER_TEMP/pip-cache")/hcsync-wheels
digest=$(python -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest()[:16])' "$requirements")
if [ ! -e "$wheels/$digest.complete" ]; then
  "${pip[@]}" download --quiet --require-hashes --only-binary :all: --no-deps \
    --dest "$wheels" -r "$requirements"
  touch "$wheels/$digest.complete"
fi
python -m venv --without-pip "$VENV"
if [ -x "$VENV/bin/python" ]; then py=$VENV/bin/python; else py=$VENV/Scripts/python.exe; fi
"${pip[@]}" --python "$py" install --quiet --no-compile --no-index --find-links "$wheels" \
  --require-hashes --only-binary :all: --no-deps -r "$requirements"
"${pip[@]}" --python "$py" install --quiet --no-compile --no-index --no-deps \
  --no-build-isolation "$ACTION_PATH"
"$py" -m hcsync.cli --version
echo "python=$py" >> "$GITHUB_OUTPUT"
