#!/usr/bin/env bash
# Paper-scale CUDA timings of Li et al. 2018's models and training recipe (docs/benchmarks.md):
# one epoch of each model on 50,000 generated CIFAR-format images (CIFAR-10 itself is not a
# Debian package; the cost of an epoch does not depend on the pixels) with the recipe's
# augmentation (crop, flip), per-channel normalization, Nesterov SGD at batch 128, weight decay
# 5e-4; then `experiment optimizer-grid --preset paper` for one epoch on a 10,000-image subset
# (the preset runs end to end on CUDA), and `spectrum --device cuda` on the ResNet-56 run.
#
# usage: nets/bench/cuda_paper_timings.sh LANDSCAPE OUTDIR [MODELS]
#   LANDSCAPE  a landscape binary built against a CUDA LibTorch
#   OUTDIR     where each command's JSON goes (train-MODEL.json, grid.json, spectrum.json)
set -uo pipefail
L=$1
OUT=$2
MODELS=${3:-vgg9 resnet56 wrn56-2 densenet121}
DATA=$(mktemp -d)
python3 - "$DATA" <<'PY'
import os, sys
import numpy as np
rng = np.random.default_rng(0)
for name, n in [("data_batch_1.bin", 50000), ("test_batch.bin", 10000)]:
    records = np.empty((n, 3073), np.uint8)
    records[:, 0] = rng.integers(0, 10, n)
    records[:, 1:] = rng.integers(0, 256, (n, 3072))
    records.tofile(os.path.join(sys.argv[1], name))
PY
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$OUT/gpu.txt"
RECIPE="--lr 0.1 --nesterov --weight-decay 5e-4 --schedule milestones:150,225,275:0.1 --augment crop,flip --normalize-channels --batch-size 128"
for m in $MODELS; do
  start=$(date +%s%N)
  "$L" train --model "$m" --dataset "cifar10:$DATA" --device cuda --epochs 1 $RECIPE --record-every 0 \
      --out "$DATA/run-$m" --json > "$OUT/train-$m.json" 2> "$OUT/train-$m.log"
  echo "$m: exit $?, $(( ($(date +%s%N) - start) / 1000000 )) ms wall"
done
"$L" experiment optimizer-grid --preset paper --dataset "cifar10:$DATA:n=10000,test=2000" --epochs 1 \
    --surface-points 3 --x -1:1:5 --out "$DATA/grid" --json > "$OUT/grid.json" 2> "$OUT/grid.log"
echo "optimizer-grid: exit $?"
"$L" spectrum --run "$DATA/run-resnet56" --device cuda --top 5 --samples 5000 --json > "$OUT/spectrum.json" 2> "$OUT/spectrum.log"
echo "spectrum: exit $?"
