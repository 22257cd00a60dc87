#!/usr/bin/env bash
# Fuzzing of the readers (CSV data, PHCpack and Macaulay2 systems, weights JSON, idx, CIFAR-10):
# builds the libFuzzer targets of tests/fuzz with clang (ASan + UBSan) in build-asan (the tree of
# scripts/run-sanitizers.sh, configured the same way, so nothing is built twice), then runs
# each from a copy of its seed corpus (tests/fuzz/corpus/<target>) for a bounded time. Fails on a
# crash, a sanitizer report, an exception other than InputError, a broken invariant, a timeout or
# running out of memory; the input that did it is left in BUILD_DIR/fuzz-work/ and named.
# Usage: scripts/run-fuzz.sh [SECONDS_PER_TARGET] [BUILD_DIR]   (defaults: 60 s, build-asan)
# Each target runs FUZZ_RUNS executions (default 300,000) from libFuzzer seed FUZZ_SEED (default 1),
# or until SECONDS_PER_TARGET: the same sequence of inputs on every run, so CI does not pass or fail
# by chance (a slower machine that stops at SECONDS_PER_TARGET runs a prefix of that sequence; the
# PHCpack target, whose accepted inputs may expand to 10^6 terms, gets through about 135,000 here).
#   FUZZ_RUNS=1000000 scripts/run-fuzz.sh 3600   a long run
#   FUZZ_TARGETS="csv_fuzz idx_fuzz"         runs only these targets
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
build_dir="${2:-build-asan}"
targets=(${FUZZ_TARGETS:-csv_fuzz weights_json_fuzz idx_fuzz cifar_fuzz phcpack_fuzz macaulay2_fuzz})
start=$(date +%s)
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DLANDSCAPE_WITH_TORCH=OFF -DLANDSCAPE_BUILD_BENCHMARKS=OFF \
  -DLANDSCAPE_FUZZ=ON >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target "${targets[@]}"

dictionary() {
  case "$1" in
    csv_fuzz) echo "-dict=tests/fuzz/dict/csv.dict" ;;
    weights_json_fuzz) echo "-dict=tests/fuzz/dict/json.dict" ;;
    phcpack_fuzz | macaulay2_fuzz) echo "-dict=tests/fuzz/dict/polynomial.dict" ;;
  esac
}
bound="-runs=${FUZZ_RUNS:-300000} -seed=${FUZZ_SEED:-1} -max_total_time=$seconds"
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
work="$build_dir/fuzz-work"
failed=()
for t in "${targets[@]}"; do
  rm -rf "${work:?}/corpus/$t"
  mkdir -p "$work/corpus/$t"
  cp tests/fuzz/corpus/"$t"/* "$work/corpus/$t/"
  t0=$(date +%s)
  # -timeout: one input may take 20 s; -rss_limit_mb: 2 GiB, so a huge claimed size is found.
  if "$build_dir/bin/$t" "$work/corpus/$t" $(dictionary "$t") $bound -timeout=20 -rss_limit_mb=2048 \
       -max_len=16384 -print_final_stats=1 -artifact_prefix="$work/$t-" >"$work/$t.log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$t.log" | grep -o '[0-9]*$' || echo "?")
    echo "run-fuzz: $t: $runs executions in $(( $(date +%s) - t0 )) s, corpus $(ls "$work/corpus/$t" | wc -l) files, no crash" >&2
  else
    echo "run-fuzz: $t FAILED (log $work/$t.log):" >&2
    grep -E "ERROR|SUMMARY|invariant|Test unit written" "$work/$t.log" | head -5 >&2
    failed+=("$t")
  fi
done
echo "run-fuzz: ${#targets[@]} targets in $(( $(date +%s) - start )) s" >&2
[ ${#failed[@]} -eq 0 ] || { echo "run-fuzz: crashes in ${failed[*]}" >&2; exit 1; }
