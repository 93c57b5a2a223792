"""The package, the tests and our JavaScript stay readable: no module over 350 lines, no function over 60
(argument parsers excepted); ``scripts/code-shape`` prints the sizes."""
import importlib.util
import subprocess
import sys
from importlib.machinery import SourceFileLoader

from conftest import ROOT


def test_modules_and_functions_stay_short():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "code-shape")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "generator/scoring/engine.py" in proc.stdout
    assert "site_templates/assets/scorecard.js" in proc.stdout and "tests/test_code_shape.py" in proc.stdout
    assert "assets/vendor/" not in proc.stdout


def test_javascript_functions_are_measured_through_strings_regexes_and_comments():
    loader = SourceFileLoader("code_shape", str(ROOT / "scripts" / "code-shape"))
    shape = importlib.util.module_from_spec(importlib.util.spec_from_loader("code_shape", loader))
    loader.exec_module(shape)
    body = "\n".join(f'    x += "}}{i}" + /[{{]/.test(s) ? 1 : 0;  // }} {{' for i in range(70))
    src = ("/* a module */\n(function () {\n  \"use strict\";\n  var P = {};\n"
           f"  P.long = function (s) {{\n    var x = 0;\n{body}\n    return x;\n  }};\n"
           "  function short(s) { return /\\}/.test(s) ? '{' : `}`; }\n})();\n")
    found = {name: length for name, _, length in shape.js_functions(src)}
    assert found == {"P.long": 74, "short": 1}
