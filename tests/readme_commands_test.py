#!/usr/bin/env python3
"""Runs every command of README.md's "Which command answers my question" table (between the
<!-- quick-start --> markers) as written, in a fresh directory, with `build/bin/` meaning the
build's bin directory given as the first argument. Fails when a command exits non-zero or a file
the table names is not made."""
import os
import re
import subprocess
import sys
import tempfile
import unittest

README = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "README.md")
BIN = None


def table_rows():
    text = open(README).read()
    block = re.search(r"<!-- quick-start -->\n(.*?)<!-- /quick-start -->", text, re.S)
    if not block:
        raise AssertionError("README.md has no <!-- quick-start --> table")
    rows = []
    for line in block.group(1).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) == 3 and "build/bin/" in cells[1]:
            command = re.fullmatch(r"`([^`]*)`", cells[1])
            if not command:
                raise AssertionError(f"the command cell is not one code span: {cells[1]}")
            figures = re.findall(r"`([^`]+\.png)`", cells[0])
            rows.append((command.group(1), figures))
    return rows


class ReadmeCommands(unittest.TestCase):
    def test_the_table_has_the_three_uses(self):
        self.assertEqual(len(table_rows()), 3)

    def test_every_command_runs_as_written(self):
        fashion = os.path.isdir("/usr/share/datasets/fashion-mnist")
        for command, figures in table_rows():
            with self.subTest(command=command):
                if "fashion-mnist" in command and not fashion:
                    self.skipTest("Debian's dataset-fashion-mnist is not installed")
                work = tempfile.mkdtemp(prefix="readme_")
                os.makedirs(os.path.join(work, "build"))
                os.symlink(BIN, os.path.join(work, "build", "bin"))
                r = subprocess.run(["bash", "-c", "set -e; " + command], cwd=work, capture_output=True, text=True)
                self.assertEqual(r.returncode, 0, f"{command}\n{r.stderr[-2000:]}")
                self.assertTrue(r.stdout.strip(), command)
                for figure in figures:
                    self.assertTrue(os.path.exists(os.path.join(work, figure)), f"{figure} not made by {command}")


if __name__ == "__main__":
    BIN = os.path.abspath(sys.argv.pop(1))
    unittest.main()
