#!/usr/bin/env python3
"""docs/architecture.md shows experiments/examples/lipton_example.cpp verbatim (the tests compile
and run that file), so the documented example cannot drift from the one that works."""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
doc = open(os.path.join(ROOT, "docs", "architecture.md")).read()
example = open(os.path.join(ROOT, "experiments", "examples", "lipton_example.cpp")).read()
blocks = re.findall(r"```cpp\n(.*?)```", doc, re.S)
if example not in blocks:
    print("docs/architecture.md does not show experiments/examples/lipton_example.cpp as it is", file=sys.stderr)
    sys.exit(1)
lines = example.count("\n")
if lines > 20:
    print(f"the example has {lines} lines; the promise is a 20-line program", file=sys.stderr)
    sys.exit(1)
print("1 passed, 0 failed")
