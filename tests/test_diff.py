"""pingan diff: a fixture repository with two editions, and exactly the six changes made between them."""
from __future__ import annotations

import json
import subprocess

import pytest

from conftest import run_pingan

SOURCES = '''sources:
  - id: "src-a"
    title: {zh: "示例办法", en: "Sample measures"}
    issuer: {zh: "示例县", en: "Sample County"}
    place: {zh: "示例县", en: "Sample County"}
    date: "2025"
    kind: work-guide
    edition: "{ed}"
    file: "sample.txt"
units:
  - id: "u-plac"
    name: {zh: "县委政法委", en: "County Political and Legal Affairs Commission"}
    level: county
    kind: party
  - id: "u-police"
    name: {zh: "{police_zh}", en: "{police_en}"}
    level: county
    kind: government
'''

CARD = '''scorecards:
  - id: "card"
    title: {zh: "示例考核表", en: "Sample scorecard"}
    level: county
    edition: "{ed}"
    source: {doc: "src-a", at: "附表"}
    total_points: {total}
    score_columns:
      - {id: "self", title: {zh: "自评", en: "Self"}}
    domains:
      - id: "card-d1"
        title: {zh: "机制", en: "Mechanisms"}
        points: {total}
        tasks:
          - id: "card-t1"
            number: "1"
            title: {zh: "例会", en: "Meetings"}
            points: {t1}
            units: ["u-plac"]
            criteria:
{t1_criteria}
          - id: "card-t2"
            number: "2"
            title: {zh: "化解", en: "Resolution"}
            points: {t2}
            units: ["u-police"]
            criteria:
{t2_criteria}
'''


def crit(id_, zh, en, pts):
    return (f'              - id: "{id_}"\n                text: {{zh: "{zh}", en: "{en}"}}\n'
            f'                points: {pts}\n                kind: requirement\n')


ED1 = dict(ed="1", total=20, t1=10, t2=10, police_zh="县公安局", police_en="County Public Security Bureau",
           t1_criteria=crit("card-t1-c1", "每季度召开例会", "Hold a meeting every quarter", 4)
           + crit("card-t1-c2", "建立台账", "Keep a ledger", 3)
           + crit("card-t1-c3", "排查纠纷", "Screen disputes", 3),
           t2_criteria=crit("card-t2-c1", "化解纠纷", "Resolve disputes", 6)
           + crit("card-t2-c2", "回访当事人", "Follow up with the parties", 4))
ED2 = dict(ed="2", total=18, t1=4, t2=14, police_zh="县公安分局", police_en="County Public Security Sub-bureau",
           t1_criteria=crit("card-t1-c1", "每月召开例会", "Hold a meeting every month", 4),      # text edited
           t2_criteria=crit("card-t2-c1", "化解纠纷", "Resolve disputes", 5)                      # points 6 → 5
           + crit("card-t2-c2", "回访当事人", "Follow up with the parties", 4)
           + crit("card-t1-c3", "排查纠纷", "Screen disputes", 3)                                # moved t1 → t2
           + crit("card-t2-c3", "公开结果", "Publish the results", 2))                           # added
# card-t1-c2 removed; u-police renamed


def write_edition(repo, ed):
    std = repo / "standards"
    std.mkdir(parents=True, exist_ok=True)
    (std / "sources.yaml").write_text(SOURCES.replace("{ed}", ed["ed"]).replace("{police_zh}", ed["police_zh"])
                                      .replace("{police_en}", ed["police_en"]), encoding="utf-8")
    text = CARD
    for k, v in ed.items():
        text = text.replace("{" + k + "}", str(v).rstrip("\n"))
    (std / "card.yaml").write_text(text, encoding="utf-8")
    (std / "sample.txt").write_text("示例办法\n", encoding="utf-8")


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": "/usr/bin:/bin"})


def make_repo(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    for ed in (ED1, ED2):
        write_edition(repo, ed)
        assert run_pingan("check", cwd=repo).returncode == 0, run_pingan("check", cwd=repo).stderr
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", f"edition {ed['ed']}")
        git(repo, "tag", f"edition-{ed['ed']}")
    return repo


def test_diff_reports_exactly_the_six_changes(tmp_path):
    repo = make_repo(tmp_path)
    proc = run_pingan("diff", "edition-1", "edition-2", "--format", "json", cwd=repo, check=True)
    changes = json.loads(proc.stdout)["changes"]
    got = {(c["change"], c["kind"], c["id"]) for c in changes}
    assert got == {
        ("added", "criterion", "card-t2-c3"),
        ("removed", "criterion", "card-t1-c2"),
        ("points", "criterion", "card-t2-c1"),
        ("moved", "criterion", "card-t1-c3"),
        ("renamed", "unit", "u-police"),
        ("text", "criterion", "card-t1-c1"),
    }
    assert len(changes) == 6
    by = {c["id"]: c for c in changes}
    assert by["card-t2-c1"]["old"] == 6 and by["card-t2-c1"]["new"] == 5
    assert by["card-t1-c3"]["old"] == "card-t1" and by["card-t1-c3"]["new"] == "card-t2"
    assert by["card-t1-c1"]["old"]["zh"] == "每季度召开例会"
    assert by["card-t1-c1"]["new"]["en"] == "Hold a meeting every month"
    assert by["u-police"]["new"]["zh"] == "县公安分局"
    # effects on totals ride along with the change that causes them
    effects = {(e["id"], e["old"], e["new"]) for c in changes for e in c.get("effects", [])}
    assert ("card", 20, 18) in effects and ("card-t1", 10, 4) in effects and ("card-t2", 10, 14) in effects


def test_diff_text_output_and_folders(tmp_path):
    repo = make_repo(tmp_path)
    text = run_pingan("diff", "edition-1", "edition-2", cwd=repo, check=True).stdout
    assert "moved    criterion card-t1-c3  card-t1 → card-t2" in text
    assert "zh − 每季度召开例会" in text and "zh + 每月召开例会" in text
    assert "total of scorecard card: 20 → 18" in text
    assert text.rstrip().endswith("6 changes")
    same = run_pingan("diff", str(repo), str(repo), cwd=repo, check=True).stdout
    assert same == "no changes\n"


def test_diff_bad_ref_is_a_clear_error(tmp_path):
    repo = make_repo(tmp_path)
    proc = run_pingan("diff", "edition-9", "edition-2", cwd=repo)
    assert proc.returncode == 2 and "edition-9" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow  # a full site build
def test_editions_are_built_and_linked(tmp_path):
    import shutil

    from conftest import ROOT

    repo = make_repo(tmp_path)
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        shutil.copy(ROOT / name, repo / name)
    shutil.copytree(ROOT / "content", repo / "content")
    proc = run_pingan("build", cwd=repo)
    assert proc.returncode == 0, proc.stderr[-2000:]
    site = repo / "site"
    for ed in ("1", "2"):
        for lang in ("zh", "en"):
            assert (site / "editions" / ed / lang / "scorecards" / "card" / "index.html").is_file()
    old = (site / "editions" / "1" / "zh" / "scorecards" / "card" / "card-t1.html").read_text(encoding="utf-8")
    assert "建立台账" in old  # edition 1 still has the criterion edition 2 removed
    assert "建立台账" not in (site / "zh" / "scorecards" / "card" / "card-t1.html").read_text(encoding="utf-8")
    changes = (site / "zh" / "changes.html").read_text(encoding="utf-8")
    assert 'href="../editions/1/zh/index.html"' in changes and 'href="../editions/2/en/index.html"' in changes
    assert 'id="changes-1-2"' in changes
    for id_ in ("card-t2-c3", "card-t1-c2", "card-t2-c1", "card-t1-c3", "u-police", "card-t1-c1"):
        assert id_ in changes
    import html

    en = html.unescape((site / "en" / "changes.html").read_text(encoding="utf-8"))
    assert "County Public Security Sub-bureau" in en and "points changed" in en
