#!/usr/bin/env bash
# Paper-scale CUDA timings of Li et al. 2018's models and training recipe (docs/benchmarks.md):
# one epoch of each model on 50,000 generated CIFAR-format images (CIFAR-10 itself is not a
# Debian package; the cost of an epoch does not depend on the pixels) with the recipe's
# augmentation (crop, flip), per-channel normalization, Nesterov SGD at batch 128, weight decay
# 5e-4; then `experiment optimizer-grid --preset paper` for one epoch on a 5,000-image subset
# (the preset runs end to end on CUDA), and `spectrum --device cuda` on the first model's run.
# Beside each model, the same epoch in plain PyTorch (python_cifar_baseline.py: the same model
# and recipe written the usual way) for the ratio.
#
# usage: nets/bench/cuda_paper_timings.sh LANDSCAPE OUTDIR [MODELS]
#   LANDSCAPE  a landscape binary built against a CUDA LibTorch
#   OUTDIR     results.json (each command's JSON: train, python, spectrum, optimizer_grid) and
#              log.txt (their standard error), written at the end
# DEVICE (default cuda) and RECORDS (default 50000) in the environment make a small CPU check;
# BUDGET (seconds, default 3600) bounds the commands together, so results.json is always written.
set -uo pipefail
L=$1
FINAL=$2
MODELS=${3:-vgg9 resnet56 densenet121}
DEVICE=${DEVICE:-cuda}
RECORDS=${RECORDS:-50000}
HERE=$(cd "$(dirname "$0")" && pwd)
END=$(( $(date +%s) + ${BUDGET:-3600} ))
left() { local s=$(( END - $(date +%s) )); echo $(( s > 1 ? s : 1 )); }
DATA=$(mktemp -d)
OUT=$DATA/out
mkdir -p "$OUT"
python3 - "$DATA" "$RECORDS" <<'PY'
import os, sys
import numpy as np
rng = np.random.default_rng(0)
n_train = int(sys.argv[2])
for name, n in [("data_batch_1.bin", n_train), ("test_batch.bin", n_train // 5)]:
    records = np.empty((n, 3073), np.uint8)
    records[:, 0] = rng.integers(0, 10, n)
    records[:, 1:] = rng.integers(0, 256, (n, 3072))
    records.tofile(os.path.join(sys.argv[1], name))
PY
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader > "$OUT/gpu.txt" 2>&1
RECIPE="--lr 0.1 --nesterov --weight-decay 5e-4 --schedule milestones:150,225,275:0.1 --augment crop,flip --normalize-channels --batch-size 128"
for m in $MODELS; do
  start=$(date +%s%N)
  timeout "$(left)" "$L" train --model "$m" --dataset "cifar10:$DATA" --device "$DEVICE" --epochs 1 $RECIPE --record-every 0 \
      --out "$DATA/run-$m" --json > "$OUT/train-$m.json" 2> "$OUT/train-$m.log"
  echo "$m: exit $?, $(( ($(date +%s%N) - start) / 1000000 )) ms wall"
  timeout "$(left)" python3 "$HERE/python_cifar_baseline.py" --data "$DATA" --model "$m" --device "$DEVICE" > "$OUT/python-$m.json" 2>&1
  echo "$m (PyTorch): exit $?"
done
first=${MODELS%% *}
timeout "$(left)" "$L" spectrum --run "$DATA/run-$first" --device "$DEVICE" --top 5 --samples 5000 --json > "$OUT/spectrum.json" 2> "$OUT/spectrum.log"
echo "spectrum: exit $?"
timeout "$(left)" "$L" experiment optimizer-grid --preset paper --dataset "cifar10:$DATA:n=$((RECORDS / 10)),test=$((RECORDS / 50))" \
    --epochs 1 --device "$DEVICE" --surface-points 3 --x -1:1:5 --out "$DATA/grid" --json > "$OUT/grid.json" 2> "$OUT/grid.log"
echo "optimizer-grid: exit $?"
python3 - "$OUT" "$FINAL" <<'PY'
import glob, json, os, sys
out, final = sys.argv[1], sys.argv[2]
results = {"gpu": open(os.path.join(out, "gpu.txt")).read().strip(), "train": {}, "python": {}}
def load(path):
    try:
        return json.load(open(path))
    except Exception as e:
        return {"unreadable": str(e), "text": open(path).read()[-2000:]}
for path in sorted(glob.glob(os.path.join(out, "*.json"))):
    name = os.path.basename(path)[:-5]
    kind, _, model = name.partition("-")
    if kind in ("train", "python"):
        results[kind][model] = load(path)
    else:
        results[name] = load(path)
with open(os.path.join(final, "results.json"), "w") as f:
    json.dump(results, f, indent=1)
with open(os.path.join(final, "log.txt"), "w") as f:
    for path in sorted(glob.glob(os.path.join(out, "*.log"))):
        f.write("== " + os.path.basename(path) + "\n" + open(path).read()[-20000:] + "\n")
PY
