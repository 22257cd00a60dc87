#!/usr/bin/env python3
"""Builds the notebooks in notebooks/ from their sources in notebooks/src/ and executes them.

Each notebooks/src/NAME.py is a notebook in the "percent" format: a line `# %%` starts a code
cell, `# %% [markdown]` a Markdown cell (its lines start with '# '), and `# %% timing` a code cell
whose output is a timing, left out of comparisons.

  notebooks.py [NAME...]          executes, and writes notebooks/NAME.ipynb with its outputs
  notebooks.py --check [NAME...]  executes into out/notebooks/executed/ and compares with the
                                  committed notebooks/NAME.ipynb: the same cells, and the same text
                                  outputs (integers exactly, other numbers within 2%; timing cells
                                  excepted) and as many figures; exit 1 when they differ
Any cell that raises fails the run (exit 1). Seeds are fixed in the notebooks, so a fresh
execution repeats the committed numbers.
"""
import re
import sys
import time
from pathlib import Path

import nbclient
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def build(source):
    """The notebook of a percent-format source, without outputs."""
    cells, kind, lines = [], None, []

    def flush():
        if kind is None:
            return
        while lines and not lines[-1].strip():
            lines.pop()
        if kind == "markdown":
            text = "\n".join(l[2:] if l.startswith("# ") else l.lstrip("#") for l in lines)
            cells.append(new_markdown_cell(text))
        else:
            cell = new_code_cell("\n".join(lines))
            if kind == "timing":
                cell.metadata["tags"] = ["timing"]
            cells.append(cell)

    for line in source.read_text().splitlines():
        if line.startswith("# %%"):
            flush()
            rest = line[4:].strip()
            kind = {"[markdown]": "markdown", "timing": "timing", "": "code"}.get(rest)
            if kind is None:
                sys.exit(f"error: {source}: unknown cell marker '{line}'")
            lines = []
        elif kind is not None:
            lines.append(line)
    flush()
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def execute(nb):
    client = nbclient.NotebookClient(nb, timeout=900, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.record_timing = False
    client.execute()
    return nb


def texts(cell):
    """The text outputs of a code cell, and how many images it shows."""
    out, images = [], 0
    for o in cell.get("outputs", []):
        if o.output_type == "stream":
            out.append(o.text)
        elif o.output_type in ("display_data", "execute_result"):
            if "image/png" in o.data:
                images += 1
            elif "text/markdown" in o.data:
                out.append(o.data["text/markdown"])
            elif "text/plain" in o.data:
                out.append(o.data["text/plain"])
    return "".join(out), images


def same_text(a, b):
    if NUMBER.sub("#", a) != NUMBER.sub("#", b):
        return False
    for x, y in zip(NUMBER.findall(a), NUMBER.findall(b)):
        if re.fullmatch(r"-?\d+", x) and re.fullmatch(r"-?\d+", y):
            if x != y:
                return False
        elif abs(float(x) - float(y)) > 0.02 * max(abs(float(x)), abs(float(y))) + 1e-12:
            return False
    return True


def compare(name, fresh, committed):
    """Differences between a fresh execution and the committed notebook, as lines."""
    problems = []
    if len(fresh.cells) != len(committed.cells):
        return [f"{name}: {len(fresh.cells)} cells, the committed notebook has {len(committed.cells)}"
                " (run scripts/run-notebooks.sh and commit the notebooks)"]
    for k, (a, b) in enumerate(zip(fresh.cells, committed.cells)):
        if a.cell_type != b.cell_type or a.source != b.source:
            problems.append(f"{name}: cell {k + 1} differs from its source (run scripts/run-notebooks.sh)")
            continue
        if a.cell_type != "code" or "timing" in a.metadata.get("tags", []):
            continue
        (ta, ia), (tb, ib) = texts(a), texts(b)
        if not same_text(ta, tb):
            problems.append(f"{name}: cell {k + 1} printed\n{ta}\nthe committed notebook has\n{tb}")
        if ia != ib:
            problems.append(f"{name}: cell {k + 1} shows {ia} figures, the committed notebook {ib}")
    return problems


def main(argv):
    check = "--check" in argv
    names = [a for a in argv if not a.startswith("--")]
    sources = sorted((NOTEBOOKS / "src").glob("*.py"))
    if names:
        sources = [NOTEBOOKS / "src" / f"{n}.py" for n in names]
        for s in sources:
            if not s.exists():
                sys.exit(f"error: no notebook source {s.relative_to(ROOT)}")
    problems, started = [], time.time()
    for source in sources:
        name = source.stem
        t0 = time.time()
        try:
            nb = execute(build(source))
        except nbclient.exceptions.CellExecutionError as e:
            print(f"notebooks: {name} FAILED:\n{e}", file=sys.stderr)
            return 1
        seconds = time.time() - t0
        if check:
            target = ROOT / "out" / "notebooks" / "executed" / f"{name}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            committed = NOTEBOOKS / f"{name}.ipynb"
            found = (compare(name, nb, nbformat.read(committed, as_version=4)) if committed.exists()
                     else [f"{name}: notebooks/{name}.ipynb is not committed"])
            problems += found
        else:
            target = NOTEBOOKS / f"{name}.ipynb"
            found = []
        tmp = target.with_suffix(".ipynb.tmp")
        nbformat.write(nb, tmp)
        tmp.replace(target)
        print(f"notebooks: {name}: executed in {seconds:.0f} s"
              + (", differs from the committed notebook" if found else ""), file=sys.stderr)
    print(f"notebooks: {len(sources)} in {time.time() - started:.0f} s", file=sys.stderr)
    for p in problems:
        print("notebooks: " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
