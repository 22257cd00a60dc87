#!/usr/bin/env python3
"""Tests of scripts/demo_report.py on planted results: the numbers in REPORT.md are those of the
JSON files, a claim that does not hold is marked FAIL, a missing step is 'not run'."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "demo_report.py")


def hessian_result(positive, zero, negative, matches):
    return {"positive": positive, "zero": zero, "negative": negative, "matches_prediction": matches,
            "predicted": {"positive": 20, "zero": 81, "negative": 0}, "log10_gap_ratio": 104.25,
            "method": "MPFR 110 digits"}


class DemoReport(unittest.TestCase):
    def make(self, results):
        out = tempfile.mkdtemp(prefix="demo_report_")
        os.makedirs(os.path.join(out, "results"))
        for name, (command, j) in results.items():
            with open(os.path.join(out, "results", name + ".json"), "w") as f:
                json.dump(j, f)
            with open(os.path.join(out, "results", name + ".cmd"), "w") as f:
                f.write(command + "\n")
        r = subprocess.run([sys.executable, SCRIPT, out, "--seconds", "125"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(out, "REPORT.md")) as f:
            return f.read(), r.stdout

    def test_numbers_and_verdicts_come_from_the_results(self):
        surface = {"grid": [21, 21], "centre_train_loss": 0.30125, "model_train_loss": 0.30125,
                   "files": ["/x/mlp-2d-contour.dat", "/x/mlp-2d-contour.png"]}
        report, stdout = self.make({
            "hessian": ("landscape hessian --weights w.json --json", hessian_result(20, 81, 0, True)),
            "surface": ("landscape surface --run r --json", surface),
        })
        self.assertIn("landscape hessian --weights w.json --json", report)
        self.assertIn("| positive / zero / negative | 20 / 81 / 0 |", report)
        self.assertIn("| log10 gap between zero and non-zero | 104.2 |", report)
        self.assertIn("**Verdict: PASS** — the counts hold across a gap", report)
        self.assertIn("| centre train loss | 0.30125 |", report)
        self.assertIn("![", report)
        self.assertIn("mlp-2d-contour.png)", report)
        self.assertIn("**2 passed, 0 failed**, 13 not run", report)
        self.assertIn("2 min 5 s after the build", report)
        self.assertIn("every check passed", stdout)

    def test_a_claim_that_does_not_hold_is_marked_fail(self):
        # Prop. 2.3 violated (a negative eigenvalue), and a surface centre 1% off the model's loss.
        surface = {"grid": [5, 5], "centre_train_loss": 1.01, "model_train_loss": 1.0, "files": []}
        report, stdout = self.make({
            "hessian": ("h", hessian_result(20, 80, 1, False)),
            "surface": ("s", surface),
        })
        self.assertIn("**0 passed, 2 failed**", report)
        self.assertEqual(report.count("**Verdict: FAIL**"), 2)
        self.assertIn("2 failed: hessian, surface", stdout)

    def test_an_exact_zero_residual_passes_and_a_claim_never_tried_fails(self):
        memorize = {"digits": 100, "log10_max_abs_residual": None, "jacobian_rank": 20, "equations": 20,
                    "arch": [3, 20, 1], "activation": "smoolu", "data_points": 20, "parameters": 101}
        proofs = {"ok": True, "failed": 0, "claims": [{"id": "c", "reference": "Cooper 2018", "passed": 0, "tried": 3,
                                                       "failed": 0, "undecided": 3}]}
        report, _ = self.make({"memorize": ("m", memorize), "proofs-check": ("p", proofs)})
        self.assertIn("**1 passed, 1 failed**", report)

    def test_a_result_without_the_fields_read_is_a_failure_not_a_crash(self):
        report, _ = self.make({"hessian": ("h", {"positive": 1})})
        self.assertIn("**Verdict: FAIL** — the result lacks what the report reads", report)

    def test_no_results_directory_is_one_error_line(self):
        r = subprocess.run([sys.executable, SCRIPT, "/nonexistent-demo-dir"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertTrue(r.stderr.startswith("error: "))
        self.assertEqual(r.stderr.count("\n"), 1)


if __name__ == "__main__":
    unittest.main()
