#!/usr/bin/env bash
# Actual solution counts of small square net systems against the Bezout bound and seed 000's
# l^(N d), by two methods (total-degree homotopy and monodromy from the teacher), written to
# docs/net-root-counts.md. Run after scripts/build.sh:   scripts/net-root-counts.sh
set -euo pipefail
cd "$(dirname "$0")/.."
L=build/bin/landscape
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=docs/net-root-counts.md
tmp="$out.tmp.$$"

# arch | activation | parameters fixed (to the teacher's values) | N
configs=(
  "1,1,1|square|w1_1_1|3"
  "1,1,1|poly:0,0,0,1|w1_1_1|3"
  "1,1,1|poly:0,1,1|w1_1_1|3"
  "2,1,1|poly:0,1,1|w1_1_1|4"
  "2,1,1|poly:0,0,0,1|w1_1_1|4"
  "3,1,1|poly:0,1,1|w1_1_1|5"
  "tree4|square|w1_1_1|5"
  "tree4|poly:0,1,1|w1_1_1|5"
)
# Teacher weights: small non-zero rationals, one per line (the first K are used).
printf '%s\n' 3/2 -1 1/2 2 -3/4 1 5/4 -2 1/3 > "$work/teacher-all.txt"

{
  echo "# Solution counts of square network systems"
  echo
  echo "Produced by \`scripts/net-root-counts.sh\` (labels from a teacher, data random:n=N,seed=1, solver seed 0)."
  echo "Each system is made square by fixing the listed parameters to the teacher's values; the"
  echo "unknowns are the remaining K' = N·dL parameters. *Bezout* is the product of the degrees of the"
  echo "equations in the weights, *l^(Nd)* seed 000's estimate; *total degree* counts the distinct"
  echo "non-singular solutions found by the total-degree homotopy (all certified by Krawczyk unless"
  echo "marked), *monodromy* those found by loops in the labels starting at the teacher."
  echo
  echo "| arch | activation | fixed | K' = N | Bezout | l^(Nd) | total degree | real | certified | monodromy | seconds |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for c in "${configs[@]}"; do
    IFS='|' read -r arch act fix n <<<"$c"
    k=$($L dim --arch "$arch" --act "$act" --data random:n=1 --json 2>/dev/null |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["parameters"])')
    head -n "$k" "$work/teacher-all.txt" > "$work/teacher.txt"
    common=(--arch "$arch" --act "$act" --data "random:n=$n,seed=1" --teacher "$work/teacher.txt" --fix "$fix" --json)
    $L solve "${common[@]}" > "$work/td.json" 2>/dev/null
    $L solve "${common[@]}" --method monodromy --no-certify > "$work/mono.json" 2>/dev/null
    python3 - "$arch" "$act" "$fix" "$n" "$work/td.json" "$work/mono.json" <<'PY'
import json, sys
arch, act, fix, n, td, mono = sys.argv[1:]
t = json.load(open(td)); m = json.load(open(mono))
print(f"| {arch} | {act} | {fix} | {n} | {t['bezout_bound']} | {t['paper_bezout_bound']} | {t['nonsingular']} "
      f"| {t['real']} | {t['certified']} | {m['solutions']} | {t['seconds']:.2f} |")
PY
  done
  echo
  echo "One hidden unit has a one-parameter redundancy (for sigma(z) = z^2: (w, b, v) -> (tw, tb, v/t^2);"
  echo "for z + z^2 = (z + 1/2)^2 - 1/4 the same after a shift), which fixing w1_1_1 removes, together"
  echo "with the sign symmetry of even activations; with one unit per layer there is no permutation"
  echo "symmetry, so these counts are already modulo symmetry."
} > "$tmp"
mv "$tmp" "$out"
cat "$out"
