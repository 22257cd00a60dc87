#!/usr/bin/env bash
# Actual solution counts of small square net systems against the Bezout bound and Liao & Poggio's
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
  "2,2,1 --no-bias|square|w1_1_2,w2_1_1,w2_1_2|3"
)
# Teacher weights: small non-zero rationals, one per line (the first K are used).
printf '%s\n' 3/2 -1 1/2 2 -3/4 1 5/4 -2 1/3 > "$work/teacher-all.txt"

{
  echo "# Solution counts of square network systems"
  echo
  echo "Produced by \`scripts/net-root-counts.sh\` (labels from a teacher, data random:n=N,seed=1, solver seed 0)."
  echo "Each system is made square by fixing the listed parameters to the teacher's values; the"
  echo "unknowns are the remaining K' = N·dL parameters. *Bezout* is the product of the degrees of the"
  echo "equations in the weights, *l^(Nd)* Liao & Poggio's estimate; *total degree* counts the distinct"
  echo "non-singular solutions found by the total-degree homotopy (all certified by Krawczyk unless"
  echo "marked), *monodromy* those found by loops in the labels starting at the teacher."
  echo
  echo "| arch | activation | fixed | K' = N | Bezout | l^(Nd) | total degree | real | certified | monodromy | orbits (symmetries kept of all) | seconds |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for c in "${configs[@]}"; do
    IFS='|' read -r archspec act fix n <<<"$c"
    read -r arch extra <<<"$archspec"
    k=$($L dim --arch "$arch" $extra --act "$act" --data random:n=1 --json 2>/dev/null |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["parameters"])')
    head -n "$k" "$work/teacher-all.txt" > "$work/teacher.txt"
    common=(--arch "$arch" $extra --act "$act" --data "random:n=$n,seed=1" --teacher "$work/teacher.txt" --fix "$fix" --json)
    $L solve "${common[@]}" --start total-degree > "$work/td.json" 2>/dev/null
    $L solve "${common[@]}" --method monodromy --no-certify > "$work/mono.json" 2>/dev/null
    python3 - "$archspec" "$act" "$fix" "$n" "$work/td.json" "$work/mono.json" <<'PY'
import json, sys
arch, act, fix, n, td, mono = sys.argv[1:]
t = json.load(open(td)); m = json.load(open(mono)); s = t["symmetry"]
print(f"| {arch} | {act} | {fix} | {n} | {t['bezout_bound']} | {t['paper_bezout_bound']} | {t['nonsingular']} "
      f"| {t['real']} | {t['certified']} | {m['solutions']} | {s['orbits']} ({s['preserving_fixed']} of {s['group_order']}) "
      f"| {t['seconds']:.2f} |")
PY
  done
  echo
  echo "*Orbits*: the solutions modulo the network's finite symmetries (permutations of hidden units,"
  echo "sign flips for even or odd activations) that leave the fixed parameters unchanged; the"
  echo "parenthesis gives how many of the architecture's symmetries those are. One hidden unit has a"
  echo "continuous redundancy (for sigma(z) = z^2: (w, b, v) -> (tw, tb, v/t^2); for z + z^2 ="
  echo "(z + 1/2)^2 - 1/4 the same after a shift), which fixing w1_1_1 removes, together with the sign"
  echo "flip of even activations. In the last row, the no-bias 2-2-1 square net: fixing both output"
  echo "weights removes the scalings, fixing w1_1_2 the rotations; flipping unit 2 survives, and the"
  echo "4 solutions form 2 orbits."
} > "$tmp"
mv "$tmp" "$out"
cat "$out"
