"""Lint and types hold: ``ruff check`` (generator/, tests/, bench/) and ``mypy`` (generator/) find nothing,
with the settings and the not-yet-checked list in pyproject.toml. Both run in the fast tier, so
``make test``, ``make test-fast`` and CI run them."""
import ast
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


def _model_imports() -> dict[str, set[str]]:
    """module → the model modules it imports at its top level (type-only imports included; an import
    inside a function, made when it is called, is not part of the module's dependencies)."""
    graph: dict[str, set[str]] = {}
    for path in sorted((ROOT / "generator" / "model").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = [n for n in tree.body if isinstance(n, ast.ImportFrom)]
        top += [n for b in tree.body if isinstance(b, ast.If) for n in b.body if isinstance(n, ast.ImportFrom)]
        graph[path.stem] = {(n.module or "").split(".")[0] if n.level == 1 else "" for n in top} - {""}
        graph[path.stem] |= {a.name for n in top if n.level == 1 and not n.module for a in n.names}
    return graph


def test_model_modules_import_in_one_direction():
    graph = _model_imports()
    assert graph["values"] <= {"kinds", "origin"}, graph["values"]
    assert "values" in graph["rules"] and "values" in graph["indicators"] and "values" in graph["places"]
    done: list[str] = []

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, "import cycle: " + " → ".join((*path, module))
        if module not in done:
            for dep in sorted(graph.get(module, ())):
                visit(dep, (*path, module))
            done.append(module)

    for module in graph:
        visit(module, ())
