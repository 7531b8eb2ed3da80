"""The generator holds itself to the standard it sets for generated code."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, mypy_strict


def test_generator_passes_mypy_strict() -> None:
    done = mypy_strict("generator", cwd=ROOT)
    assert done.returncode == 0, done.stdout[-3000:]


def test_generator_and_tests_pass_ruff() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "generator", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:]


def test_generator_is_formatted_with_black() -> None:
    """black formats the generated code; the generator holds to it too."""
    done = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--quiet", "generator"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
