"""The package's layers hold: ``model`` ← ``checks`` ← ``scoring`` ← ``cardfile`` ← ``render`` ←
``site`` / ``results`` ← ``importer`` ← ``cli``. A module never imports one of a higher layer — not at
its top, not under ``TYPE_CHECKING``, not inside a function. Read from the source with ``ast`` (fast: no
import runs).

``importer`` (a Word/XLSX scorecard turned into YAML) reads the model and runs the checks, and compares
an imported edition with the current one with ``site.diff``: it sits above ``site``, below ``cli``."""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "generator"
# lower number = lower layer; modules of one layer may import each other (site imports results.publish today)
LAYERS = {"model": 0, "checks": 1, "scoring": 2, "cardfile": 3, "render": 4,
          "site": 5, "results": 5, "importer": 6, "cli": 7, "__main__": 7, "__init__": 7}


def layer_of(module: str) -> str | None:
    """``generator.scoring.plan`` → ``scoring``; None for what is not part of the package."""
    parts = module.split(".")
    if parts[0] != "generator":
        return None
    return parts[1] if len(parts) > 1 else "__init__"


def _module_name(path: Path, root: Path) -> str:
    rel = path.relative_to(root.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, root: Path = PACKAGE) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in the file, wherever it stands."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = _module_name(path, root).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            if node.module:
                out.append((node.lineno, module))
            else:  # from . import x: each name is a module of the package
                out += [(node.lineno, f"{module}.{a.name}") for a in node.names]
    return out


def upward_imports(root: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if "site_templates" in path.parts:
            continue
        mine = layer_of(_module_name(path, root))
        for line, module in imports_of(path, root):
            theirs = layer_of(module)
            if mine is None or theirs is None or theirs not in LAYERS or mine not in LAYERS:
                continue
            if LAYERS[theirs] > LAYERS[mine]:
                where = f"{path.relative_to(root.parent).as_posix()}:{line}"
                found.append(f"{where}: {mine} (layer {LAYERS[mine]}) imports {module} "
                             f"({theirs}, layer {LAYERS[theirs]})")
    return found


def test_every_subpackage_has_a_layer():
    names = {p.name if p.is_dir() else p.stem for p in PACKAGE.iterdir()
             if (p.is_dir() and (p / "__init__.py").exists()) or p.suffix == ".py"}
    assert names - set(LAYERS) == set()


def test_no_module_imports_a_higher_layer():
    assert upward_imports() == [], "\n".join(upward_imports())


def test_the_reader_sees_every_kind_of_import(tmp_path):
    pkg = tmp_path / "generator" / "model"
    pkg.mkdir(parents=True)
    (pkg / "x.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "import generator.render.pdf\n"
        "from ..checks import problems\n"
        "if TYPE_CHECKING:\n"
        "    from generator.scoring.plan import Plan\n"
        "def f():\n"
        "    from ..cardfile.contract import field\n"
        "from .objects import Card\n", encoding="utf-8")
    found = upward_imports(tmp_path / "generator")
    assert [f.split(": ")[0] for f in found] == [f"generator/model/x.py:{n}" for n in (2, 3, 5, 7)]
    assert "model (layer 0) imports generator.checks (checks, layer 1)" in found[1]
