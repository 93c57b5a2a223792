"""What a build reads and leaves behind: workers render from the model they are given, editions come
out of git through one helper that cleans up, and nothing is left in the temporary folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT, make_site_project
from test_diff import make_repo


def test_scorecard_workers_render_from_the_model_not_from_the_yaml(tmp_path):
    from generator.checks.project import load
    from generator.render.outputs import build_outputs

    proj = make_site_project(tmp_path / "proj", FIXTURES / "mini" / "standards")
    standards = load(proj).standards
    shutil.rmtree(proj / "standards")  # a worker that went back to the YAML would find nothing
    files = build_outputs(proj, standards, "zh", cache=tmp_path / "cache", workers=2)
    card = standards.scorecards[0]
    html = files[f"scorecards/{card.id}/{card.id}.zh.html"].read_text(encoding="utf-8")
    assert card.criteria[0].text.zh in html
    assert files[f"scorecards/{card.id}/{card.id}.zh.pdf"].read_bytes().startswith(b"%PDF")


def test_one_process_renders_scorecard_files_in_that_process(tmp_path):
    """``pingan build -j 1`` means one process: its scorecard files are rendered there, no pool (the
    PDF renderer is loaded in the process itself, and it never forked)."""
    proj = make_site_project(tmp_path / "proj", FIXTURES / "mini" / "standards")
    code = ("import os, sys; from pathlib import Path; from generator.checks.project import load; "
            "from generator.render.outputs import build_outputs; p = Path(sys.argv[1]); forks = []; "
            "os.register_at_fork(before=lambda: forks.append(1)); "
            "files = build_outputs(p, load(p).standards, 'zh', cache=p / 'cache', workers=1); "
            "assert all(f.is_file() for f in files.values()); "
            "print('weasyprint' in sys.modules, len(forks))")
    proc = subprocess.run([sys.executable, "-c", code, str(proj)], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True", "0"]


@pytest.mark.slow  # a full site build
def test_a_build_in_one_process_never_forks(tmp_path):
    """``pingan build -j 1``: both languages and every scorecard file, in the one process, from the
    standards read once (the plugin builds from the loaded project it is handed)."""
    proj = make_site_project(tmp_path / "proj", FIXTURES / "mini" / "standards")
    code = ("import os, sys; from pathlib import Path; from generator.site.build import build_site; "
            "from generator.site.context import BuildContext; forks = []; "
            "os.register_at_fork(before=lambda: forks.append(1)); "
            "import generator.checks.project as P; reads = []; tree = P.load_tree; "
            "P.load_tree = lambda *a, **k: reads.append(1) or tree(*a, **k); "
            "site = build_site(BuildContext.load(Path(sys.argv[1]), processes=1)); "
            "print(len(list(site.rglob('*.pdf'))) > 0, len(forks), len(reads))")
    proc = subprocess.run([sys.executable, "-c", code, str(proj)], cwd=ROOT, capture_output=True, text=True,
                          timeout=900, env=dict(os.environ, PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True", "0", "1"]


@pytest.mark.slow  # a full site build
def test_a_build_with_editions_leaves_no_temporary_folder(tmp_path):
    repo = make_repo(tmp_path)  # two tagged editions
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        shutil.copy(ROOT / name, repo / name)
    shutil.copytree(ROOT / "content", repo / "content")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    env = dict(os.environ, TMPDIR=str(tmp), NO_MKDOCS_2_WARNING="1", PINGAN_SITE_URL="https://example.org/p/")
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--site-dir", str(out / "site")], cwd=repo,
                          env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    assert (out / "site" / "editions" / "1" / "zh" / "index.html").is_file()
    assert "card-t2-c3" in (out / "site" / "zh" / "changes.html").read_text(encoding="utf-8")
    left = [p.name for p in tmp.iterdir() if p.is_dir()]
    assert not left, f"temporary folders left behind: {left}"
    assert [p.name for p in out.iterdir()] == ["site"]
    # the edition history was computed once for the whole build and kept with the project's cache
    assert len(list((repo / ".cache" / "editions").glob("history-*.pickle"))) == 1
    # six mkdocs builds (two languages, two editions) in two processes that inherit jieba from the
    # parent: its dictionary loads once
    assert proc.stderr.count("Building prefix dict") == 1, proc.stderr
    # progress per language and per file group, relayed from the build processes
    for label in ("zh", "en", "edition 1 zh", "edition 2 en"):
        assert f"building {label} (" in proc.stderr and f"  {label}: " in proc.stderr, proc.stderr
    for group in ("pages", "scorecard files", "data files", "assets"):
        assert f"zh: {group}: " in proc.stderr and f"en: {group}: " in proc.stderr, proc.stderr
    # a printed card's QR code points to its edition's page (the build hands each edition's address down)
    for where, prefix in (("zh", ""), ("editions/1/zh", "editions/1/")):
        form = next((out / "site" / where / "scorecards").glob("*/*.zh.html"))
        assert f'data-url="https://example.org/p/{prefix}zh/scorecards/{form.parent.name}/"' in form.read_text(
            encoding="utf-8"), where
