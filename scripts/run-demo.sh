#!/usr/bin/env bash
# The main job: installs what is missing, builds, and demonstrates the commands on generated
# data and on Debian's Fashion-MNIST. Results go to out/demo/ (JSON, exported systems, training
# runs, figures).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
L=build/bin/landscape
OUT=out/demo
mkdir -p "$OUT"
step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "${*:2}"; "${@:2}"; }

step "Zero-loss system of a 3-2-1 square network on 4 random points" \
  $L system --arch 3,2,1 --act square --data random:n=4,seed=1
step "Liao & Poggio's binary-tree network (eq. 5) with P(z) = z + z^2/2, exported to Macaulay2" \
  $L system --arch tree4 --act poly:0,1,1/2 --data random:n=2,seed=1 --format m2 --out "$OUT/tree4.m2"
cut -c1-160 "$OUT/tree4.m2" | head -n 3; echo "  ... (full system in $OUT/tree4.m2)"
step "Functional dimension of 3-2-1 with z^2 and no bias: 5, not the naive 6" \
  $L dim --arch 3,2,1 --act square --no-bias --data random:n=3,seed=1
printf '1\n-2\n1/2\n3\n1\n-1\n2\n-1/3\n1\n1\n1/2\n' > "$OUT/teacher.txt"
printf '2\n (x-1)^2*(x-2);\n (y+1)*(y-3)*(y^2-2);\n' > "$OUT/product.phc"
printf 'x1,y\n1,2\n1,3\n' > "$OUT/repeated.csv"
step "Local dimension of the zero-loss set at a teacher point (exact rank over Q)" \
  $L dim --arch 3,2,1 --data random:n=5,seed=2 --teacher "$OUT/teacher.txt" --json --out "$OUT/dim.json"
cat "$OUT/dim.json"
step "A system with millions of terms: arch 4,8,8,1, square, N = 40" \
  $L system --arch 4,8,8,1 --data random:n=40,seed=1 --json --out "$OUT/system-4-8-8-1.json"
grep -E '"(parameters|equations|total_terms|bezout_bound|log10_bezout|expected_dimension|seconds)"' \
  "$OUT/system-4-8-8-1.json"
step "Cooper's construction: 20 random points in R^3 memorized by a width-20 smooLU net (K = 101)" \
  $L memorize --arch 3,20,1 --act smoolu --data random:n=20,seed=1 --digits 100 --out "$OUT/memorized.json"
step "Hessian there: Cooper Prop. 2.3 predicts 20 positive, 81 zero, 0 negative" \
  $L hessian --weights "$OUT/memorized.json"
step "Walking along the 81-dimensional manifold of global minima" \
  $L walk --weights "$OUT/memorized.json" --steps 20 --save "$OUT/walked.json"
step "Counting the zeros: a product of univariates, with a double root" \
  $L solve --system "$OUT/product.phc"
step "Nullstellensatz: a repeated input with two labels has no complex solution" \
  $L consistent --arch 1,2,1 --data "$OUT/repeated.csv"
step "ReLU's polynomial approximations on [-2, 2], with their figure" \
  $L relu-approx --interval 2 --degrees 2..12 --out "$OUT/relu-approx"
rm -rf "$OUT/train-mlp"   # the demo's own earlier run (train refuses to overwrite a run)
step "LibTorch: MLP 784-256-10 (ReLU) on Fashion-MNIST, 5 epochs; metrics.csv, trajectory.h5, figures" \
  $L train --model mlp --act relu --dataset fashion-mnist --epochs 5 --lr 0.05 --out "$OUT/train-mlp"
rm -rf "$OUT/surface"
mkdir -p "$OUT/surface"
step "Loss surface around it: filter-normalized random directions, 21 x 21 grid on 10,000 images" \
  $L surface --run "$OUT/train-mlp" --x -1:1:21 --y -1:1:21 --samples 10000 --out "$OUT/surface/mlp.h5"
step "PCA of its trajectory (variance per component), the path over the loss contours" \
  $L pca --run "$OUT/train-mlp" --out "$OUT/pca" --samples 5000
step "Liao & Poggio 2017, Fig. 2: the DCNN with ReLU and with its degree-8 polynomial approximation" \
  $L experiment poly-vs-relu --preset quick --out "$OUT/poly-vs-relu"
printf 'figure: %s\n' "$OUT/poly-vs-relu/poly-vs-relu-error.png"
step "The quick proofs-check battery (report in $OUT/proofs-check.md and .json)" \
  build/bin/proofs-check --quick --json "$OUT/proofs-check.json" --markdown "$OUT/proofs-check.md"
printf '\nResults are in %s/\n' "$OUT"
