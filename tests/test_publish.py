"""Publishing: the CI workflows run the README's commands and are valid; downloads carry checksums."""
from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

from conftest import FIXTURES, ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
GITLAB = ROOT / ".gitlab-ci.yml"


def load_yaml(path: Path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def test_actionlint_accepts_the_workflow():
    exe = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    proc = subprocess.run([exe, "-no-color", str(WORKFLOW)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_workflow_runs_the_readme_commands_in_order():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make site" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    wf = load_yaml(WORKFLOW)
    assert set(wf[True if True in wf else "on"]) >= {"push", "pull_request"}
    steps = wf["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    idx = {cmd: next(i for i, r in enumerate(runs) if r.strip() == cmd) for cmd in ("make check", "make test",
                                                                                     "make site")}
    assert idx["make check"] < idx["make test"] < idx["make site"]
    uses = {s.get("uses", "").split("@")[0]: (i, s) for i, s in enumerate(steps)}
    i_pages, pages_step = uses["actions/upload-pages-artifact"]
    assert i_pages > idx["make site"] and "pull_request" in pages_step["if"] and "!=" in pages_step["if"]
    i_art, art_step = uses["actions/upload-artifact"]
    assert i_art > idx["make site"] and "== 'pull_request'" in art_step["if"]
    deploy = wf["jobs"]["deploy"]
    assert deploy["needs"] == "build" and "pull_request" in deploy["if"]
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    # no build logic of its own: every run step is an install line, git config or one of our commands
    for r in runs:
        for line in filter(None, (ln.strip() for ln in r.splitlines())):
            assert line.startswith(("apt-get", "make ", "git config")), line


def test_gitlab_pipeline_runs_the_same_commands():
    gl = load_yaml(GITLAB)
    assert gl["test"]["script"] == ["make check", "make test"]
    pages = gl["pages"]
    assert pages["needs"] == ["test"] and pages["stage"] == "deploy"
    assert any("make site" in line for line in pages["script"]) and pages["artifacts"]["paths"] == ["public"]
    assert any("CI_DEFAULT_BRANCH" in r["if"] for r in pages["rules"])
    assert gl["stages"].index("test") < gl["stages"].index("deploy")


def test_broken_yaml_fails_the_check_step_before_deploy(tmp_path):
    """Run the workflow's own check step on a project whose YAML is broken."""
    wf = load_yaml(WORKFLOW)
    step = next(s for s in wf["jobs"]["build"]["steps"] if s.get("name") == "Check the standards")
    proj = tmp_path / "proj"
    proj.mkdir()
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy2(ROOT / name, proj / name)
    # the project's own virtualenv, marked installed (so make does not reinstall into it)
    (proj / ".venv").mkdir()
    os.symlink(ROOT / ".venv" / "bin", proj / ".venv" / "bin")
    (proj / ".venv" / ".installed").touch()
    shutil.copytree(FIXTURES / "mini" / "standards", proj / "standards")
    (proj / "standards" / "card.yaml").write_text("scorecards:\n  - id: [unclosed\n", encoding="utf-8")
    proc = subprocess.run(["bash", "-c", step["run"]], cwd=proj, capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert re.search(r"standards/card\.yaml:\d+:\d+: YAML syntax error", proc.stderr), proc.stderr


def test_downloads_list_every_file_with_a_correct_sha256(built_site, standards):
    from generator.render.outputs import packs

    for lang in ("zh", "en"):
        page = html.unescape((built_site / lang / "downloads.html").read_text(encoding="utf-8"))
        rows = re.findall(r'<code class="pingan-sha" data-file="([^"]+)">([0-9a-f]{64})</code>', page)
        listed = {uri for uri, _ in rows}
        expected = {"pingan-standards.json", "pingan-standards.csv", "schema.json"} | {
            f"scorecards/{c.id}/{c.id}.{lang}.{ext}" for c in standards.scorecards
            for ext in ("pdf", "xlsx", "docx", "html")} | {f"sources/{s.id}.{lang}.docx" for s in standards.sources} | {
            f"units/{u}.{c}.{lang}.docx" for u, c in packs(standards)}
        assert listed == expected
        for uri, digest in rows:
            assert hashlib.sha256((built_site / lang / uri).read_bytes()).hexdigest() == digest, uri
        text = html.unescape(re.sub(r"<[^>]+>", " ", page))
        assert " KB" in text or " MB" in text
        assert 'href="../pingan-standards-offline.zip"' in page
    zipped = built_site / "pingan-standards-offline.zip"
    line = (built_site / "pingan-standards-offline.zip.sha256").read_text(encoding="utf-8")
    assert line == f"{hashlib.sha256(zipped.read_bytes()).hexdigest()}  pingan-standards-offline.zip\n"


def test_sitemaps_with_a_site_url(tmp_path):
    from conftest import make_site_project

    proj = make_site_project(tmp_path / "proj", FIXTURES / "mini" / "standards")
    env = dict(os.environ, PINGAN_SITE_URL="https://org.example.invalid/repo/")
    subprocess.run([sys.executable, "-m", "generator", "build"], cwd=proj, env=env, check=True, capture_output=True)
    index = (proj / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://org.example.invalid/repo/zh/sitemap.xml</loc>" in index
    zh = (proj / "site" / "zh" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://org.example.invalid/repo/zh/scorecards/card/card-t1.html</loc>" in zh
    en = (proj / "site" / "en" / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://org.example.invalid/repo/en/units/u-plac.html" in en
