#!/usr/bin/env python3
"""Tests of scripts/notebooks.py: the percent-format reader, the comparison of a fresh execution
with the committed notebook (integers exactly, other numbers within 2%, timing cells and figures'
bytes excepted), and one real execution with Jupyter's kernel on a planted notebook directory."""
import importlib.util
import os
import tempfile
import unittest
from pathlib import Path

import nbformat
from nbformat.v4 import new_output

SCRIPT = Path(__file__).resolve().parent.parent.parent / "scripts" / "notebooks.py"
spec = importlib.util.spec_from_file_location("notebooks", SCRIPT)
notebooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(notebooks)

SOURCE = """# %% [markdown]
# # Title
#
# Some *words*.

# %%
x = 6 * 7
print("answer", x, "ratio", 0.5)

# %% timing
print("ran in 3 s")
"""


def with_stream(cell, text):
    cell.outputs = [new_output("stream", name="stdout", text=text)]
    return cell


class Reader(unittest.TestCase):
    def test_cells_and_kinds(self):
        with tempfile.TemporaryDirectory() as d:
            src = Path(d) / "x.py"
            src.write_text(SOURCE)
            nb = notebooks.build(src)
        self.assertEqual([c.cell_type for c in nb.cells], ["markdown", "code", "code"])
        self.assertEqual(nb.cells[0].source, "# Title\n\nSome *words*.")
        self.assertEqual(nb.cells[1].source, 'x = 6 * 7\nprint("answer", x, "ratio", 0.5)')
        self.assertEqual(nb.cells[2].metadata["tags"], ["timing"])
        self.assertNotIn("tags", nb.cells[1].metadata)

    def test_unknown_marker_is_refused(self):
        with tempfile.TemporaryDirectory() as d:
            src = Path(d) / "x.py"
            src.write_text("# %% [raw]\nx\n")
            with self.assertRaises(SystemExit) as e:
                notebooks.build(src)
            self.assertIn("unknown cell marker", str(e.exception))


class Comparison(unittest.TestCase):
    def test_numbers(self):
        self.assertTrue(notebooks.same_text("loss 0.250 after 10 epochs", "loss 0.2549 after 10 epochs"))
        self.assertFalse(notebooks.same_text("loss 0.250", "loss 0.2560"))  # 2.3%
        self.assertFalse(notebooks.same_text("288 solutions", "287 solutions"))  # integers exactly
        self.assertFalse(notebooks.same_text("AGREES: x", "DISAGREES: x"))
        self.assertTrue(notebooks.same_text("1e-105 and -3.0", "1.01e-105 and -3.01"))
        self.assertFalse(notebooks.same_text("a 1", "a 1 2"))

    def planted(self):
        with tempfile.TemporaryDirectory() as d:
            src = Path(d) / "x.py"
            src.write_text(SOURCE)
            nb = notebooks.build(src)
        with_stream(nb.cells[1], "answer 42 ratio 0.5\n")
        with_stream(nb.cells[2], "ran in 3 s\n")
        return nb

    def test_the_same_execution_passes_and_timings_are_ignored(self):
        a, b = self.planted(), self.planted()
        with_stream(b.cells[2], "ran in 300 s\n")
        self.assertEqual(notebooks.compare("x", a, b), [])

    def test_a_changed_number_a_changed_source_and_a_missing_figure_are_differences(self):
        a, b = self.planted(), self.planted()
        with_stream(b.cells[1], "answer 41 ratio 0.5\n")
        self.assertEqual(len(notebooks.compare("x", a, b)), 1)
        b = self.planted()
        b.cells[1].source += "\nprint(1)"
        self.assertIn("differs from its source", notebooks.compare("x", a, b)[0])
        b = self.planted()
        b.cells[1].outputs.append(new_output("display_data", data={"image/png": "iVBORw0KGgo="}))
        self.assertIn("figures", notebooks.compare("x", a, b)[0])
        b = self.planted()
        b.cells.pop()
        self.assertIn("cells", notebooks.compare("x", a, b)[0])


class Execution(unittest.TestCase):
    """A real kernel on a planted notebook directory: execute, check, then a tampered number."""

    def test_execute_check_and_tamper(self):
        with tempfile.TemporaryDirectory() as d:
            root = Path(d)
            (root / "notebooks" / "src").mkdir(parents=True)
            (root / "notebooks" / "src" / "x.py").write_text(SOURCE)
            notebooks.ROOT, notebooks.NOTEBOOKS = root, root / "notebooks"
            os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
            self.assertEqual(notebooks.main([]), 0)
            nb = nbformat.read(root / "notebooks" / "x.ipynb", as_version=4)
            self.assertEqual(nb.cells[1].outputs[0].text, "answer 42 ratio 0.5\n")
            self.assertEqual(notebooks.main(["--check"]), 0)
            self.assertTrue((root / "out" / "notebooks" / "executed" / "x.ipynb").exists())
            nb.cells[1].outputs[0].text = "answer 43 ratio 0.5\n"
            nbformat.write(nb, root / "notebooks" / "x.ipynb")
            self.assertEqual(notebooks.main(["--check"]), 1)
            # A cell that raises fails the run.
            (root / "notebooks" / "src" / "x.py").write_text("# %%\nraise ValueError('planted')\n")
            self.assertEqual(notebooks.main([]), 1)


if __name__ == "__main__":
    unittest.main()
