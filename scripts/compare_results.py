#!/usr/bin/env python3
"""Compares two directories of JSON results (e.g. out/demo/results before and after a change):
every number, string and list must be equal, except timings (keys named seconds, *_seconds,
samples_per_second, points_per_second, and the one-line summary, which quotes speeds); a key
that disappeared is a difference, a key only AFTER has is allowed (new keys may be added).
Floating-point numbers are compared to a relative tolerance (default 0: exactly).

Usage: compare_results.py BEFORE_DIR AFTER_DIR [--rtol R]
Prints one line per difference and exits 1 when there is any, 0 otherwise.
"""
import argparse
import json
import math
import os
import sys

TIMING = {"seconds", "samples_per_second", "points_per_second", "train_seconds", "summary"}


def is_timing(key):
    return key in TIMING or key.endswith("_seconds")


def compare(a, b, path, rtol, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in a:
            if is_timing(k):
                continue
            if k not in b:
                out.append(f"{path}.{k}: missing after")
            else:
                compare(a[k], b[k], f"{path}.{k}", rtol, out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items before, {len(b)} after")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            compare(x, y, f"{path}[{i}]", rtol, out)
    elif isinstance(a, float) or isinstance(b, float):
        if not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
            out.append(f"{path}: {a!r} before, {b!r} after")
        elif not (a == b or (math.isnan(a) and math.isnan(b)) or abs(a - b) <= rtol * max(abs(a), abs(b))):
            out.append(f"{path}: {a!r} before, {b!r} after")
    elif a != b:
        out.append(f"{path}: {a!r} before, {b!r} after")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--rtol", type=float, default=0.0)
    args = parser.parse_args()
    names = sorted(n for n in os.listdir(args.before) if n.endswith(".json"))
    differences, compared = [], 0
    for name in names:
        after = os.path.join(args.after, name)
        if not os.path.exists(after):
            differences.append(f"{name}: missing after")
            continue
        with open(os.path.join(args.before, name)) as f:
            a = json.load(f)
        with open(after) as f:
            b = json.load(f)
        compare(a, b, name, args.rtol, differences)
        compared += 1
    for d in differences:
        print(d)
    print(f"compared {compared} result files: {len(differences)} difference(s)")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
