"""Lint and types hold: ``ruff check`` (generator/, tests/, bench/) and ``mypy`` (generator/) find nothing,
with the settings and the not-yet-checked list in pyproject.toml. Both run in the fast tier, so
``make test``, ``make test-fast`` and CI run them."""
import subprocess
import sys

from conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=600)


def test_ruff_finds_nothing():
    proc = _run("ruff", "check", "--no-cache", "--output-format", "concise", "generator", "tests", "bench")
    assert proc.returncode == 0, f"ruff check:\n{proc.stdout}{proc.stderr}"


def test_mypy_finds_nothing():
    proc = _run("mypy")
    assert proc.returncode == 0, f"mypy:\n{proc.stdout}{proc.stderr}"
    # the settings name the package: a run that checked nothing would also succeed
    checked = int(proc.stdout.rsplit(" in ", 1)[1].split()[0])
    assert checked > 50, proc.stdout
