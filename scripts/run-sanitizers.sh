#!/usr/bin/env bash
# The sanitizer build: everything that does not link LibTorch (spec, data, algebra, proofs-check,
# the CLI's algebra commands and their tests) compiled with clang under AddressSanitizer and
# UndefinedBehaviorSanitizer, then the suite without the `slow` label. Any sanitizer report ends
# the test that caused it (halt_on_error, -fno-sanitize-recover=all), so it fails.
# The same tree holds the libFuzzer targets (LANDSCAPE_FUZZ=ON: address,undefined plus the fuzzer's
# coverage instrumentation), so scripts/run-fuzz.sh after this one builds only the targets.
# Usage: scripts/run-sanitizers.sh [BUILD_DIR]   (default build-asan)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build-asan}"
start=$(date +%s)
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DLANDSCAPE_WITH_TORCH=OFF -DLANDSCAPE_BUILD_BENCHMARKS=OFF \
  -DLANDSCAPE_FUZZ=ON >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$PWD/scripts/sanitizer-suppressions/lsan.supp:print_suppressions=0"
cd "$build_dir"
ctest --output-on-failure -j "$(nproc)" -LE slow
echo "run-sanitizers: passed in $(( $(date +%s) - start )) s" >&2
