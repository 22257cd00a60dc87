#!/usr/bin/env bash
# The main job: installs what is missing, builds, runs one step per capability on generated data
# and on Debian's Fashion-MNIST, and ends with out/demo/REPORT.md (and REPORT.html): per step the
# command, the key numbers, the verdict against the theorem or the paper's claim, and the figure.
# Every step's JSON result is kept in out/demo/results/ (NAME.json beside NAME.cmd, the command).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
L=build/bin/landscape
OUT=out/demo
RESULTS=$OUT/results
mkdir -p "$RESULTS"
rm -f "$OUT/REPORT.md" "$OUT/REPORT.html" "$RESULTS"/*.json "$RESULTS"/*.cmd
started=$(date +%s)
# Debian's Python (python3-markdown renders REPORT.html), also where another python3 comes first.
PYTHON=$(command -v /usr/bin/python3 || command -v python3)

# step NAME "what it shows" COMMAND...: runs COMMAND (which prints one JSON object), keeps the
# object in results/NAME.json and the command in results/NAME.cmd, and prints its summary line.
step() {
  local name=$1 title=$2
  shift 2
  printf '\n\033[1m== %s\033[0m\n$ %s\n' "$title" "$*"
  printf '%s\n' "$*" > "$RESULTS/$name.cmd"
  "$@" > "$RESULTS/$name.json.tmp"
  mv "$RESULTS/$name.json.tmp" "$RESULTS/$name.json"
  "$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1])).get("summary", ""))' "$RESULTS/$name.json"
}

step system "Zero-loss system of a 3-2-1 square network on 4 random points" \
  $L system --arch 3,2,1 --act square --data random:n=4,seed=1 --json
$L system --arch tree4 --act poly:0,1,1/2 --data random:n=2,seed=1 --format m2 --out "$OUT/tree4.m2"
step system-large "A system with millions of terms: arch 4,8,8,1, square, N = 40" \
  $L system --arch 4,8,8,1 --data random:n=40,seed=1 --json
step functional-dim "Functional dimension of 3-2-1 with z^2 and no bias: 5, not the naive 6" \
  $L dim --arch 3,2,1 --act square --no-bias --data random:n=3,seed=1 --json
printf '1\n-2\n1/2\n3\n1\n-1\n2\n-1/3\n1\n1\n1/2\n' > "$OUT/teacher.txt"
printf '2\n (x-1)^2*(x-2);\n (y+1)*(y-3)*(y^2-2);\n' > "$OUT/product.phc"
printf 'x1,y\n1,2\n1,3\n' > "$OUT/repeated.csv"
step dim "Local dimension of the zero-loss set at a teacher point (exact rank over Q)" \
  $L dim --arch 3,2,1 --data random:n=5,seed=2 --teacher "$OUT/teacher.txt" --json
step memorize "Cooper's construction: 20 random points in R^3 memorized by a width-20 smooLU net (K = 101)" \
  $L memorize --arch 3,20,1 --act smoolu --data random:n=20,seed=1 --digits 100 --out "$OUT/memorized.json" --json
step hessian "The Hessian there: Cooper's Prop. 2.3 predicts 20 positive, 81 zero, 0 negative" \
  $L hessian --weights "$OUT/memorized.json" --json
step walk "Walking along the 81-dimensional manifold of global minima" \
  $L walk --weights "$OUT/memorized.json" --steps 20 --save "$OUT/walked.json" --json
step solve "Counting the zeros: a product of univariates, with a double root" \
  $L solve --system "$OUT/product.phc" --json
step consistent "Nullstellensatz: a repeated input with two labels has no complex solution" \
  $L consistent --arch 1,2,1 --data "$OUT/repeated.csv" --json
step relu-approx "ReLU's polynomial approximations on [-2, 2], with their figure" \
  $L relu-approx --interval 2 --degrees 2..12 --out "$OUT/relu-approx" --json
rm -rf "$OUT/train-mlp"   # the demo's own earlier run (train refuses to overwrite a run)
step train "LibTorch: MLP 784-256-10 (ReLU) on Fashion-MNIST, 5 epochs; metrics.csv, trajectory.h5, figures" \
  $L train --model mlp --act relu --dataset fashion-mnist --epochs 5 --lr 0.05 --out "$OUT/train-mlp" --json
rm -rf "$OUT/surface"
mkdir -p "$OUT/surface"
step surface "Loss surface around it: filter-normalized random directions, 21 x 21 grid on 10,000 images" \
  $L surface --run "$OUT/train-mlp" --x -1:1:21 --y -1:1:21 --samples 10000 --out "$OUT/surface/mlp.h5" --json
step pca "PCA of its trajectory (variance per component), the path over the loss contours" \
  $L pca --run "$OUT/train-mlp" --out "$OUT/pca" --samples 5000 --json
rm -rf "$OUT/poly-vs-relu"   # an earlier run would be resumed, not repeated
step poly-vs-relu "Liao & Poggio 2017, Fig. 2: the DCNN with ReLU and with its degree-8 polynomial approximation" \
  $L experiment poly-vs-relu --preset quick --out "$OUT/poly-vs-relu" --json
printf '\n\033[1m== The quick proofs-check battery\033[0m\n'
printf '%s\n' "build/bin/proofs-check --quick --json $RESULTS/proofs-check.json --markdown $OUT/proofs-check.md" \
  > "$RESULTS/proofs-check.cmd"
# A failing claim still gets its report (marked FAIL); the demo's exit status says so afterwards.
proofs_status=0
build/bin/proofs-check --quick --json "$RESULTS/proofs-check.json" --markdown "$OUT/proofs-check.md" \
  2>/dev/null | tail -n 12 || proofs_status=$?

"$PYTHON" scripts/demo_report.py "$OUT" --seconds $(( $(date +%s) - started ))
printf '\nThe report: %s/REPORT.md (and REPORT.html); every result in %s/\n' "$OUT" "$RESULTS"
exit "$proofs_status"
