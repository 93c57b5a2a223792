from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_pingan(*args: str, cwd: Path = ROOT, check: bool = False) -> subprocess.CompletedProcess:
    """Run the real CLI in a subprocess, as a user would."""
    proc = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"pingan {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the small fixture project, free to break."""
    dest = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", dest)
    return dest


@pytest.fixture(scope="session")
def loaded():
    from generator.project import load

    return load(ROOT)


@pytest.fixture(scope="session")
def standards(loaded):
    return loaded.standards
