#!/usr/bin/python3
"""Plain PyTorch baseline for the paper-scale CUDA timings (nets/bench/cuda_paper_timings.sh):
Li et al. 2018's models written the usual way (VGG-9, ResNet-N, Wide-ResNet-N-K, DenseNet-121 for
32x32 images, as in their reference implementation), trained one epoch with the same recipe as
`landscape train`: per-channel normalization, random crops of the 4-pixel zero-padded image and
left-right flips, SGD with Nesterov momentum 0.9, lr 0.1, weight decay 5e-4, batch 128.

usage: python_cifar_baseline.py --data DIR --model vgg9|resnetN|wrnN-K|densenet121 [--device cuda]
Prints one JSON object: parameters, train_seconds (the optimizer steps of one epoch),
samples_per_second.
"""
import argparse, json, math, os, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Vgg9(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        layers, c = [], 3
        for w in (64, 64, "M", 128, 128, "M", 256, 256, 256, "M"):
            if w == "M":
                layers.append(nn.MaxPool2d(2, 2, ceil_mode=True))
            else:
                layers += [nn.Conv2d(c, w, 3, padding=1), nn.BatchNorm2d(w), nn.ReLU()]
                c = w
        self.features = nn.Sequential(*layers)
        self.fc = nn.Sequential(nn.Linear(256 * 4 * 4, 256), nn.BatchNorm1d(256), nn.ReLU())
        self.classifier = nn.Linear(256, classes)

    def forward(self, x):
        return self.classifier(self.fc(self.features(x).flatten(1)))


class Block(nn.Module):
    def __init__(self, cin, cout, stride, shortcut):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout)
        self.conv2, self.bn2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout)
        self.shortcut, self.project = shortcut, None
        if shortcut and (stride != 1 or cin != cout):
            self.project = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        if self.shortcut:
            y = y + (self.project(x) if self.project is not None else x)
        return F.relu(y)


class ResNet(nn.Module):
    def __init__(self, depth, width=1, shortcut=True, classes=10):
        super().__init__()
        c = 16 * width
        self.conv1, self.bn1 = nn.Conv2d(3, c, 3, padding=1, bias=False), nn.BatchNorm2d(c)
        blocks, cin = [], c
        for stage in range(3):
            for b in range((depth - 2) // 6):
                blocks.append(Block(cin, c << stage, 2 if stage > 0 and b == 0 else 1, shortcut))
                cin = c << stage
        self.blocks, self.fc = nn.Sequential(*blocks), nn.Linear(cin, classes)

    def forward(self, x):
        return self.fc(self.blocks(F.relu(self.bn1(self.conv1(x)))).mean((2, 3)))


class Dense(nn.Module):
    def __init__(self, cin, growth):
        super().__init__()
        self.bn1, self.conv1 = nn.BatchNorm2d(cin), nn.Conv2d(cin, 4 * growth, 1, bias=False)
        self.bn2, self.conv2 = nn.BatchNorm2d(4 * growth), nn.Conv2d(4 * growth, growth, 3, padding=1, bias=False)

    def forward(self, x):
        return torch.cat([self.conv2(F.relu(self.bn2(self.conv1(F.relu(self.bn1(x)))))), x], 1)


class DenseNet121(nn.Module):
    def __init__(self, growth=32, classes=10):
        super().__init__()
        c = 2 * growth
        self.conv1, stages = nn.Conv2d(3, c, 3, padding=1, bias=False), []
        for i, n in enumerate((6, 12, 24, 16)):
            layers = []
            for _ in range(n):
                layers.append(Dense(c, growth))
                c += growth
            if i < 3:
                layers += [nn.BatchNorm2d(c), nn.ReLU(), nn.Conv2d(c, c // 2, 1, bias=False), nn.AvgPool2d(2)]
                c //= 2
            stages.append(nn.Sequential(*layers))
        self.stages, self.bn, self.linear = nn.Sequential(*stages), nn.BatchNorm2d(c), nn.Linear(c, classes)

    def forward(self, x):
        return self.linear(F.relu(self.bn(self.stages(self.conv1(x)))).mean((2, 3)))


def make(name):
    if name == "vgg9":
        return Vgg9()
    if name == "densenet121":
        return DenseNet121()
    shortcut = not name.endswith("-noshort")
    name = name.removesuffix("-noshort")
    if name.startswith("wrn"):
        depth, width = name[3:].split("-")
        return ResNet(int(depth), int(width), shortcut)
    return ResNet(int(name[6:]), 1, shortcut)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--model", required=True)
    p.add_argument("--device", default="cuda")
    a = p.parse_args()
    dev = torch.device(a.device)
    raw = np.fromfile(os.path.join(a.data, "data_batch_1.bin"), np.uint8).reshape(-1, 3073)
    x = torch.from_numpy(raw[:, 1:].astype(np.float32) / 255).reshape(-1, 3, 32, 32).to(dev)
    y = torch.from_numpy(raw[:, 0].astype(np.int64)).to(dev)
    mean, sd = x.mean((0, 2, 3), keepdim=True), x.std((0, 2, 3), keepdim=True, unbiased=False)
    x = (x - mean) / sd
    torch.manual_seed(0)
    model = make(a.model).to(dev)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)
    n, batch = x.shape[0], 128
    g = torch.Generator().manual_seed(0)
    order = torch.randperm(n, generator=g).to(dev)
    model.train()
    if dev.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    for b in range(math.ceil(n / batch)):
        idx = order[b * batch:(b + 1) * batch]
        xb, yb = x[idx], y[idx]
        padded = F.pad(xb, (4, 4, 4, 4))
        offsets = torch.randint(0, 9, (xb.shape[0], 2), generator=g).tolist()
        xb = torch.stack([padded[i, :, dy:dy + 32, dx:dx + 32] for i, (dy, dx) in enumerate(offsets)])
        flip = (torch.rand(xb.shape[0], generator=g) < 0.5).to(dev)
        xb = torch.where(flip[:, None, None, None], xb.flip(3), xb)
        opt.zero_grad()
        F.cross_entropy(model(xb), yb).backward()
        opt.step()
    if dev.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    print(json.dumps({"model": a.model, "parameters": sum(q.numel() for q in model.parameters()),
                      "train_seconds": seconds, "samples_per_second": n / seconds}))


if __name__ == "__main__":
    main()
