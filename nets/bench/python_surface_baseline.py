#!/usr/bin/python3
"""Per-point Python baseline for bench-surface (nets/bench/surface_bench.cpp): the way the
reference tool (loss-landscape) evaluates a surface -- for every grid point, set the weights
w0 + a u + b v and pass the evaluation set through a DataLoader -- with Debian's python3-torch.

usage: python_surface_baseline.py --model mlp|dcnn --grid N --samples S --threads T
Prints one JSON object: points_per_second over the N x N grid.
"""
import argparse, json, time

import torch
import torch.nn.functional as F
from torch.nn.utils import parameters_to_vector, vector_to_parameters
from torch.utils.data import DataLoader, TensorDataset

from python_baseline import Dcnn, Mlp, read_idx
import numpy as np


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="mlp")
    p.add_argument("--grid", type=int, default=11)
    p.add_argument("--samples", type=int, default=10000)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=1000)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    x = torch.from_numpy(read_idx(a.data + "/train-images-idx3-ubyte.gz")[: a.samples].astype(np.float32) / 255).unsqueeze(1)
    y = torch.from_numpy(read_idx(a.data + "/train-labels-idx1-ubyte.gz")[: a.samples].astype(np.int64))
    model = Mlp() if a.model == "mlp" else Dcnn()
    model.eval()
    w0 = parameters_to_vector(model.parameters()).detach()
    u, v = torch.randn_like(w0), torch.randn_like(w0)
    loader = DataLoader(TensorDataset(x, y), batch_size=a.batch_size, shuffle=False)
    coords = torch.linspace(-1, 1, a.grid)
    t0 = time.perf_counter()
    losses = []
    with torch.no_grad():
        for ca in coords:
            for cb in coords:
                vector_to_parameters(w0 + ca * u + cb * v, model.parameters())
                total, correct, n = 0.0, 0, 0
                for xb, yb in loader:
                    out = model(xb)
                    total += F.cross_entropy(out, yb, reduction="sum").item()
                    correct += (out.argmax(1) == yb).sum().item()
                    n += len(yb)
                losses.append(total / n)
    seconds = time.perf_counter() - t0
    print(json.dumps({"model": a.model, "points": a.grid * a.grid, "seconds": seconds,
                      "points_per_second": a.grid * a.grid / seconds, "threads": a.threads,
                      "samples": a.samples}))


if __name__ == "__main__":
    main()
