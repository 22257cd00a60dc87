"""What every notebook in notebooks/ uses: run the project's tools, read what they write, show it.

The notebooks call the command-line tools the project builds (build/bin/landscape and
build/bin/proofs-check), each run printing its command first, so a reader can repeat it in a shell
from the repository root. Every notebook works in its own fresh directory under out/notebooks/.
"""
import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path

from IPython.display import Image, Markdown, display

ROOT = Path(__file__).resolve().parent.parent
LANDSCAPE = ROOT / "build" / "bin" / "landscape"
PROOFS_CHECK = ROOT / "build" / "bin" / "proofs-check"


def workdir(name):
    """A fresh directory out/notebooks/NAME (relative to the repository root), emptied first."""
    path = Path("out") / "notebooks" / name
    shutil.rmtree(ROOT / path, ignore_errors=True)
    (ROOT / path).mkdir(parents=True)
    return path


def _run(program, args, json_output):
    words = [str(a) for a in args]
    print("$ " + " ".join(shlex.quote(w) for w in [program] + words))
    env = dict(os.environ)
    # The same numbers on every x86-64 machine: LibTorch and OpenBLAS pick their kernels by the CPU
    # (AVX-512 here), which changes the last bits of a training step and, over many epochs, the
    # digits the notebooks print; AVX2 kernels and two OpenMP threads everywhere.
    env.setdefault("OMP_NUM_THREADS", "2")
    env.setdefault("ATEN_CPU_CAPABILITY", "avx2")
    env.setdefault("OPENBLAS_CORETYPE", "Haswell")
    done = subprocess.run([str(ROOT / "build" / "bin" / program)] + words, cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{program} exited with {done.returncode}: {done.stderr.strip()}")
    return json.loads(done.stdout) if json_output else done.stdout


def landscape(*args):
    """Runs `landscape ARGS... --json` from the repository root; returns the parsed JSON."""
    return _run("landscape", list(args) + ["--json"], True)


def landscape_text(*args):
    """Runs `landscape ARGS...`; returns what it printed."""
    return _run("landscape", list(args), False)


def proofs_check(*args):
    """Runs `proofs-check ARGS...`; returns what it printed."""
    return _run("proofs-check", list(args), False)


def path(relative):
    """A path relative to the repository root, as an absolute Path."""
    return ROOT / relative


def read_json(relative):
    with open(ROOT / relative) as f:
        return json.load(f)


def read_h5(relative):
    """Every dataset at the top of an HDF5 file, as numpy arrays."""
    import h5py
    with h5py.File(ROOT / relative, "r") as f:
        return {k: f[k][()] for k in f.keys() if isinstance(f[k], h5py.Dataset)}


def rise(x, y, r):
    """Mean of y(-r) and y(+r) minus y(0), at the samples of x nearest to -r, r and 0: the sharpness
    `experiment sharp-flat` reports for a 1-D loss curve y(x)."""
    import numpy as np
    at = lambda v: y[int(np.argmin(np.abs(np.asarray(x) - v)))]
    return (at(-r) + at(r)) / 2 - at(0)


def read_csv(relative):
    """A CSV file with a header line, as a list of dicts of strings."""
    import csv
    with open(ROOT / relative) as f:
        return list(csv.DictReader(f))


def show(relative, width=640):
    """Shows a PNG figure the tools wrote (relative to the repository root)."""
    display(Image(filename=str(ROOT / relative), width=width))


def table(headers, rows):
    """A Markdown table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    display(Markdown("\n".join(lines)))


def verdict(holds, statement):
    """Prints one line: the claim and whether this run agrees with it."""
    print(("AGREES: " if holds else "DISAGREES: ") + statement)
