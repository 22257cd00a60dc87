#!/usr/bin/env python3
"""Tests of scripts/compare_results.py on planted result directories: equal numbers pass, timings
and summaries are ignored, new keys may be added, a changed number, a changed length or a
missing file is a difference (exit 1)."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "compare_results.py")


def write(directory, name, obj):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "w") as f:
        json.dump(obj, f)


def run(before, after, *extra):
    return subprocess.run([sys.executable, SCRIPT, before, after, *extra], capture_output=True, text=True)


class CompareResults(unittest.TestCase):
    def setUp(self):
        root = tempfile.mkdtemp(prefix="compare_")
        self.before, self.after = os.path.join(root, "before"), os.path.join(root, "after")
        write(self.before, "a.json", {"solutions": 8, "loss": 0.25, "seconds": 1.0, "summary": "8 at 1 s",
                                      "rows": [{"x": 1.5}], "train_seconds": 3})

    def test_equal_numbers_pass_and_timings_are_ignored(self):
        write(self.after, "a.json", {"solutions": 8, "loss": 0.25, "seconds": 9.0, "summary": "8 at 9 s",
                                     "rows": [{"x": 1.5}], "train_seconds": 7, "new_key": True})
        r = run(self.before, self.after)
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn("compared 1 result files: 0 difference(s)", r.stdout)

    def test_a_changed_number_or_length_is_a_difference(self):
        write(self.after, "a.json", {"solutions": 7, "loss": 0.25, "rows": [{"x": 1.5}, {"x": 2}]})
        r = run(self.before, self.after)
        self.assertEqual(r.returncode, 1)
        self.assertIn("a.json.solutions: 8 before, 7 after", r.stdout)
        self.assertIn("a.json.rows: 1 items before, 2 after", r.stdout)

    def test_a_key_that_disappeared_is_a_difference(self):
        write(self.after, "a.json", {"solutions": 8, "rows": [{"x": 1.5}]})
        r = run(self.before, self.after)
        self.assertEqual(r.returncode, 1)
        self.assertIn("a.json.loss: missing after", r.stdout)

    def test_tolerance_and_missing_files(self):
        write(self.after, "a.json", {"solutions": 8, "loss": 0.25 * (1 + 1e-12), "rows": [{"x": 1.5}]})
        self.assertEqual(run(self.before, self.after).returncode, 1)
        self.assertEqual(run(self.before, self.after, "--rtol", "1e-9").returncode, 0)
        write(self.before, "b.json", {})
        r = run(self.before, self.after, "--rtol", "1e-9")
        self.assertEqual(r.returncode, 1)
        self.assertIn("b.json: missing after", r.stdout)


if __name__ == "__main__":
    unittest.main()
