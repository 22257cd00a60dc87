#!/usr/bin/python3
"""Plain PyTorch (Debian's python3-torch, LibTorch 1.13 underneath) baseline for bench-train
(nets/bench/train_bench.cpp):
the same models, data, batch size and optimizer as `landscape train`, written the usual way.

usage: python_baseline.py --model mlp|dcnn --epochs E --batch-size B --lr X --threads N
                          [--max-batches K] [--data DIR]
Prints one JSON object: samples_per_second (training steps only), final test error.
"""
import argparse, gzip, json, struct, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    ndim = raw[3]
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc0, self.fc1 = nn.Linear(784, 256), nn.Linear(256, 10)

    def forward(self, x):
        return self.fc1(F.relu(self.fc0(x.flatten(1))))


class Dcnn(nn.Module):  # Liao & Poggio: 3x3 stride-2 convs, BN without affine between hidden layers
    def __init__(self, channels=(16, 32, 64, 128), classes=10):
        super().__init__()
        widths, c = list(channels) + [classes], 1
        self.convs, self.norms = nn.ModuleList(), nn.ModuleList()
        for i, w in enumerate(widths):
            self.convs.append(nn.Conv2d(c, w, 3, stride=2, padding=1))
            if i + 1 < len(widths):
                self.norms.append(nn.BatchNorm2d(w, affine=False))
            c = w

    def forward(self, x):
        for i, conv in enumerate(self.convs):
            x = conv(x)
            if i < len(self.norms):
                x = F.relu(self.norms[i](x))
        return x.mean((2, 3))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="mlp")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--max-batches", type=int, default=0)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    x = torch.from_numpy(read_idx(a.data + "/train-images-idx3-ubyte.gz").astype(np.float32) / 255).unsqueeze(1)
    y = torch.from_numpy(read_idx(a.data + "/train-labels-idx1-ubyte.gz").astype(np.int64))
    xt = torch.from_numpy(read_idx(a.data + "/t10k-images-idx3-ubyte.gz").astype(np.float32) / 255).unsqueeze(1)
    yt = torch.from_numpy(read_idx(a.data + "/t10k-labels-idx1-ubyte.gz").astype(np.int64))
    model = Mlp() if a.model == "mlp" else Dcnn()
    opt = torch.optim.SGD(model.parameters(), lr=a.lr, momentum=a.momentum)
    samples, seconds = 0, 0.0
    for epoch in range(a.epochs):
        model.train()
        order = torch.randperm(len(x))
        t0 = time.perf_counter()
        for b in range(0, len(x), a.batch_size):
            if a.max_batches and b // a.batch_size >= a.max_batches:
                break
            idx = order[b:b + a.batch_size]
            xb, yb = x[idx], y[idx]
            opt.zero_grad()
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
            samples += len(idx)
        seconds += time.perf_counter() - t0
    model.eval()
    with torch.no_grad():
        err = sum((model(xt[i:i + 4096]).argmax(1) != yt[i:i + 4096]).sum().item() for i in range(0, len(xt), 4096))
    print(json.dumps({"model": a.model, "samples_per_second": samples / seconds, "train_seconds": seconds,
                      "test_error": err / len(xt), "epochs": a.epochs, "batch_size": a.batch_size,
                      "threads": a.threads, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
