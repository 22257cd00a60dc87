#!/usr/bin/env bash
# The CUDA path of `spectrum` (the kept first-order graph: the samples fit in one chunk) and of
# `connect`, against the same commands on the CPU, on generated data (no data set needed):
# an MLP 50-64-10 trained in float64 on CUDA, its top 5 and bottom 2 Hessian eigenvalues on CUDA
# and on the CPU (float64: they must agree to rounding), the float32 run on CUDA, and a curve
# between two CUDA-trained minima.
#
# usage: nets/bench/cuda_spectrum_check.sh LANDSCAPE OUTDIR
#   writes OUTDIR/results.json (each command's JSON) and OUTDIR/log.txt
set -uo pipefail
L=$1
OUT=$2
W=$(mktemp -d)
mkdir -p "$OUT"
DATA=synthetic:d=50,n=2000,test=200,teacher=32,classes=10,seed=1
for s in 1 2; do
  "$L" train --dataset "$DATA" --arch 50,64,10 --epochs 5 --lr 0.05 --seed $s --dtype float64 --device cuda \
       --out "$W/run$s" >> "$OUT/log.txt" 2>&1
done
spec() { "$L" spectrum --run "$W/run1" --top 5 --bottom 2 --json "$@" 2>> "$OUT/log.txt" || echo '{"failed": true}'; }
{
  echo '{"cuda_float64":'; spec --device cuda --dtype float64
  echo ',"cpu_float64":'; spec --device cpu --dtype float64
  echo ',"cuda_float32":'; spec --device cuda --dtype float32
  echo ',"connect_cuda":'
  "$L" connect --run "$W/run1" --to "$W/run2" --device cuda --out "$W/connect" --json 2>> "$OUT/log.txt" || echo '{"failed": true}'
  echo '}'
} > "$OUT/results.json"
python3 - "$OUT/results.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
a, b = r["cuda_float64"], r["cpu_float64"]
if a.get("failed") or b.get("failed"):
    print("spectrum failed"); sys.exit(0)
worst = max(abs(x - y) / abs(a["top"][0]) for x, y in zip(a["top"] + a["bottom"], b["top"] + b["bottom"]))
print("float64 CUDA vs CPU: largest difference / lambda_max", worst, "; hvps", a["hvps"], b["hvps"],
      "; seconds", a["seconds"], b["seconds"])
print("float32 CUDA: converged", r["cuda_float32"].get("converged"), "top", r["cuda_float32"].get("top"))
c = r["connect_cuda"]
print("connect on CUDA: line_barrier", c.get("line_barrier"), "curve_barrier", c.get("curve_barrier"))
PY
