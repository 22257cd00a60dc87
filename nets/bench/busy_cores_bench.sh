#!/usr/bin/env bash
# Busy cores: one DCNN epoch with a polynomial activation (LibTorch's OpenMP convolutions), alone
# and beside one busy process, with libgomp's default spin count (GOMP_SPINCOUNT=300000, the
# baseline) and with the policy `landscape` chooses itself (experiments/cli/main.cpp). Prints the
# seconds of each run and the ratios. Usage: nets/bench/busy_cores_bench.sh [BUILD_DIR] [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${1:-build}/bin/landscape"
repeats="${2:-3}"
work=$(mktemp -d)
trap 'rm -rf "$work"; [ -n "${busy:-}" ] && kill "$busy" 2>/dev/null || true' EXIT
run() {  # run LABEL: seconds of one epoch (best of REPEATS)
  local best=""
  for i in $(seq "$repeats"); do
    rm -rf "$work/run"
    local s e
    s=$(date +%s.%N)
    "$bin" train --model dcnn --act relu-approx:8:8 --clamp 8 --dataset fashion-mnist:n=8000,test=500 \
      --epochs 1 --record-every 0 --out "$work/run" >/dev/null 2>&1
    e=$(date +%s.%N)
    local t
    t=$(awk -v a="$e" -v b="$s" 'BEGIN { print a - b }')
    if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
  done
  echo "$best"
}
alone_default=$(GOMP_SPINCOUNT=300000 run default)
alone_ours=$(run ours)
(while :; do :; done) &
busy=$!
sleep 1
busy_default=$(GOMP_SPINCOUNT=300000 run default)
busy_ours=$(run ours)
kill "$busy"; busy=""
printf "%-34s %10s %10s %8s\n" "DCNN epoch, relu-approx:8:8" "alone (s)" "busy (s)" "busy/alone"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { print a / b }'; }
printf "%-34s %10.2f %10.2f %8.2f\n" "libgomp default (spin 300,000)" "$alone_default" "$busy_default" "$(ratio "$busy_default" "$alone_default")"
printf "%-34s %10.2f %10.2f %8.2f\n" "landscape (spin 10,000 / 1,000)" "$alone_ours" "$busy_ours" "$(ratio "$busy_ours" "$alone_ours")"
printf "ours / default: alone %.2f, beside a busy process %.2f\n" "$(ratio "$alone_ours" "$alone_default")" "$(ratio "$busy_ours" "$busy_default")"
