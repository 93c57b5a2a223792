"""The package stays readable: no module over 350 lines, no function over 60 (argument parsers
excepted); ``scripts/code-shape`` prints the sizes."""
import subprocess
import sys

from conftest import ROOT


def test_modules_and_functions_stay_short():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "code-shape")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "generator/scoring/engine.py" in proc.stdout
