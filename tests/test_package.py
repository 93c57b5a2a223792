"""The tool as a package: a non-editable install in a fresh venv builds a project outside the repository."""
from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, make_site_project

pytestmark = pytest.mark.slow


def run(*cmd, cwd=None):
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def test_wheel_installs_and_builds_a_project(tmp_path: Path):
    src = tmp_path / "src"  # a copy: building a wheel writes build/ and *.egg-info next to the sources
    anywhere = shutil.ignore_patterns(".git", "*.egg-info", "__pycache__")
    at_top = {".venv", "site", ".cache", "test-output", "build"}  # generator/site/ is a package: not ignored

    def ignore(folder: str, names: list[str]) -> set[str]:
        return anywhere(folder, names) | (at_top & set(names) if Path(folder) == ROOT else set())
    shutil.copytree(ROOT, src, ignore=ignore)
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", tmp_path / "dist", src)
    wheel = next((tmp_path / "dist").glob("pingan_standards-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for must in ("generator/site_templates/labels.yaml", "generator/site_templates/pages/task.md.j2",
                 "generator/site_templates/assets/scorecard.js",
                 "generator/site_templates/overrides/partials/alternate.html"):
        assert must in names, must
    for init in (ROOT / "generator").rglob("__init__.py"):  # every subpackage ships (pyproject lists them)
        assert init.relative_to(ROOT).as_posix() in names, init
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    vpy = venv / "bin" / "python"
    run(vpy, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel)
    # the dependencies come from this test run's environment (no network needed); its editable
    # install of the checkout is not seen: .pth files are only read in the venv's own site folder
    site = Path(run(vpy, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    (site / "zz-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    where = run(vpy, "-c", "import generator; print(generator.__file__)", cwd=tmp_path).stdout
    assert str(site) in where
    proj = make_site_project(tmp_path / "project", FIXTURES / "mini" / "standards")
    # a template of the project's own overrides the shipped one of the same name
    own = proj / "site_templates" / "pages"
    own.mkdir(parents=True)
    (own / "glossary.md.j2").write_text("# 本项目术语表 {#glossary}\n\nOWN-TEMPLATE\n", encoding="utf-8")
    # … the scorecard forms too (the online form, the offline file and the PDF are made from them)
    shipped = (ROOT / "site_templates" / "forms" / "form.html.j2").read_text(encoding="utf-8")
    (proj / "site_templates" / "forms").mkdir()
    (proj / "site_templates" / "forms" / "form.html.j2").write_text(
        shipped.replace('class="pingan-form-title">', 'class="pingan-form-title">OWN-FORM '), encoding="utf-8")
    assert run(venv / "bin" / "pingan", "check", cwd=proj).stdout.startswith("ok:")
    run(venv / "bin" / "pingan", "build", cwd=proj)
    assert (proj / "site" / "zh" / "index.html").is_file() and (proj / "site" / "en" / "index.html").is_file()
    assert "OWN-TEMPLATE" in (proj / "site" / "zh" / "glossary.html").read_text(encoding="utf-8")
    assert (proj / "site" / "zh" / "assets" / "scorecard.js").is_file()
    card = proj / "site" / "zh" / "scorecards" / "card"
    assert "OWN-FORM" in (card / "form.html").read_text(encoding="utf-8")
    assert "OWN-FORM" in (card / "card.zh.html").read_text(encoding="utf-8")
    assert "OWN-FORM" in run("pdftotext", card / "card.zh.pdf", "-").stdout
