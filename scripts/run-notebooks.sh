#!/usr/bin/env bash
# Executes the notebooks (notebooks/src/NAME.py -> notebooks/NAME.ipynb, outputs and figures
# included) with Debian's Jupyter kernel; needs build/bin/landscape (scripts/build.sh).
#   scripts/run-notebooks.sh [NAME...]          regenerates the committed notebooks
#   scripts/run-notebooks.sh --check [NAME...]  CI: executes them afresh and fails on an error, or
#                                               when the numbers differ from the committed ones
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/bin/landscape ] || { echo "error: build/bin/landscape is missing (run scripts/build.sh)" >&2; exit 2; }
# Debian's Python has the Jupyter packages, also where another python3 comes first on PATH.
PYTHON=$(command -v /usr/bin/python3 || command -v python3)
export PYDEVD_DISABLE_FILE_VALIDATION=1
exec "$PYTHON" -Xfrozen_modules=off scripts/notebooks.py "$@"
