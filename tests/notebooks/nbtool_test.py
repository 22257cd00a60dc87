#!/usr/bin/env python3
"""Tests of notebooks/nbtool.py, the notebooks' helpers: a fresh work directory, commands printed
before they run and their JSON parsed, a failing command raised with its error line, the tables."""
import contextlib
import io
import sys
import tempfile
import unittest
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent / "notebooks"))
import nbtool  # noqa: E402


class Helpers(unittest.TestCase):
    def setUp(self):
        self.root = Path(tempfile.mkdtemp(prefix="nbtool_"))
        (self.root / "build" / "bin").mkdir(parents=True)
        # A planted tool: prints its arguments as JSON, or fails with one error line.
        tool = self.root / "build" / "bin" / "landscape"
        tool.write_text("#!/bin/sh\n[ \"$1\" = bad ] && { echo 'error: planted' >&2; exit 2; }\n"
                        "printf '{\"args\": \"%s\", \"cwd\": \"%s\"}' \"$*\" \"$(pwd)\"\n")
        tool.chmod(0o755)
        self.patch = mock.patch.object(nbtool, "ROOT", self.root)
        self.patch.start()

    def tearDown(self):
        self.patch.stop()

    def test_workdir_is_fresh_and_relative(self):
        w = nbtool.workdir("x")
        self.assertEqual(w, Path("out/notebooks/x"))
        (self.root / w / "old").write_text("1")
        nbtool.workdir("x")
        self.assertEqual(list((self.root / w).iterdir()), [])

    def test_landscape_prints_the_command_and_parses_json(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            r = nbtool.landscape("system", "--arch", Path("a b"))
        self.assertEqual(out.getvalue(), "$ landscape system --arch 'a b' --json\n")
        self.assertEqual(r["args"], "system --arch a b --json")
        self.assertEqual(r["cwd"], str(self.root))  # runs from the repository root

    def test_a_failing_command_raises_with_its_error(self):
        with contextlib.redirect_stdout(io.StringIO()):
            with self.assertRaises(RuntimeError) as e:
                nbtool.landscape("bad")
        self.assertIn("exited with 2: error: planted", str(e.exception))

    def test_read_h5_and_rise(self):
        import h5py
        import numpy as np
        with h5py.File(self.root / "s.h5", "w") as f:
            f["x"] = np.array([-1.0, -0.5, 0.0, 0.5, 1.0])
            f.create_group("g")["y"] = np.array([1.0])
        self.assertEqual(sorted(nbtool.read_h5("s.h5")), ["x"])  # datasets at the top only
        x = np.linspace(-1, 1, 21)
        # y = x^2 + 3: the mean of y(-0.5), y(0.5) minus y(0) is 0.25; the nearest samples are used.
        self.assertAlmostEqual(nbtool.rise(x, x**2 + 3, 0.5), 0.25)
        self.assertAlmostEqual(nbtool.rise(x, x**2 + 3, 0.52), 0.25)

    def test_table_and_verdict(self):
        shown = []
        with mock.patch.object(nbtool, "display", lambda m: shown.append(m.data)):
            nbtool.table(["a", "b"], [[1, 2], ["x", 0.5]])
        self.assertEqual(shown, ["| a | b |\n|---|---|\n| 1 | 2 |\n| x | 0.5 |"])
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            nbtool.verdict(True, "holds")
            nbtool.verdict(False, "does not")
        self.assertEqual(out.getvalue(), "AGREES: holds\nDISAGREES: does not\n")


if __name__ == "__main__":
    unittest.main()
