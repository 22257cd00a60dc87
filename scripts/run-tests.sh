#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs the GoogleTest suite with ctest.
# Long runs carry the label `slow` and are left out here; run them with `ctest -L slow`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
cd build
ctest --output-on-failure -j "$(nproc)" -LE slow
