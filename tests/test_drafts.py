"""A draft card (`draft: true`, as `pingan import` writes it into standards/scorecards/): `pingan check`
passes with warnings for what a draft may lack (English, a proposed unit) and fails with --strict;
points that do not add up stay errors; its pages build in both languages with a "draft / translation
pending" note and the Chinese (lang="zh") where the English is not written yet — English is never
invented; its scorecard files show the Chinese too; `pingan collect` rejects its submissions with one
line and keeps the rest of the batch, `pingan score` scores it and says it is a draft."""
from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html
from mkdocs.utils import meta

from conftest import ROOT, run_pingan
from generator.checks.project import load
from generator.render import urls
from generator.render.common import load_labels, template_dirs
from generator.render.outputs import Job, render_job
from generator.render.site import SiteRenderer
from generator.scoring.plan import plan_of
from importfixtures import card_layout, write_docx
from resultset import export_json, full_fill
from test_pages_markdown import site_markdown

LABELS = load_labels()
DRAFT = "standards/scorecards/vv.yaml"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The repository's standards with the village card imported from Word as a new card `vv`, one of
    its units not known (proposed as a draft unit)."""
    from generator.checks.project import load as load_root

    tmp = tmp_path_factory.mktemp("drafts")
    proj = tmp / "project"
    shutil.copytree(ROOT / "standards", proj / "standards")
    s = load_root(ROOT).standards
    lay = card_layout(s.get("village"), s)
    lay.segments[0][0][4] = "村（社区）党支部、村警务助理"
    src = write_docx(lay, tmp / "村.docx")
    proc = run_pingan("import", str(src), "--id", "vv", "--place", "zezhou", cwd=proj)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (proj / DRAFT).is_file() and not (proj / "drafts").exists()  # straight into standards/
    return proj


def test_a_draft_checks_with_warnings_and_fails_with_strict(project):
    proc = run_pingan("check", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok: ") and "vv 25 pts/6 tasks/16 criteria" in proc.stdout
    lines = proc.stderr.splitlines()
    loc = re.compile(r"^standards/scorecards/vv\.yaml:\d+:\d+: warning: ")
    assert all(loc.match(line) for line in lines[:-1]), [x for x in lines[:-1] if not loc.match(x)][:3]
    text = "\n".join(lines)
    assert "warning: English text missing for “平安示范村（社区）建设工作指引” (a draft may lack it)" in text
    assert "warning: scorecard vv is a draft: it builds with a “translation pending” note" in text
    assert "warning: source vv-src is a draft" in text
    assert "warning: unit vv-unit1 (村警务助理) was proposed by an import" in text
    assert re.fullmatch(r"\d+ warnings: drafts, not yet ready to publish", lines[-1]), lines[-1]
    strict = run_pingan("check", "--strict", cwd=project)
    assert strict.returncode == 1 and strict.stderr.splitlines()[-1].endswith("(--strict: errors)")
    assert "Traceback" not in strict.stderr


def test_points_that_do_not_add_up_stay_errors_in_a_draft(project, tmp_path):
    proj = tmp_path / "p"
    shutil.copytree(project / "standards", proj / "standards")
    draft = proj / DRAFT
    text = draft.read_text(encoding="utf-8")
    first = re.search(r'id: "vv-t1-c1"\n.*\n\s+points: (\d+)', text)
    draft.write_text(text[:first.start(1)] + "7" + text[first.end(1):], encoding="utf-8")
    proc = run_pingan("check", cwd=proj)
    assert proc.returncode == 1
    errors = [x for x in proc.stderr.splitlines() if ": warning: " not in x]
    assert re.match(r"^standards/scorecards/vv\.yaml:\d+:\d+: task vv-t1: criteria add up to \d+, task says 3$",
                    errors[0]), errors
    assert errors[-1] == "1 problem found"


@pytest.fixture(scope="module")
def rendered(project) -> dict:
    """(lang, uri) → the HTML tree of the draft card's overview, first task, form and source pages, and
    of a published card's overview, as the site's Markdown makes them."""
    s = load(project).standards
    card = s.get("vv")
    out = {}
    for lang in ("zh", "en"):
        r = SiteRenderer(s, lang, template_dirs(project), with_files=False)
        conv = site_markdown(lang)
        pages = {urls.card("vv"): ("scorecard.md.j2", {"card": card}),
                 urls.task(card.tasks[0]): ("task.md.j2", {"card": card, "task": card.tasks[0], "governors": [],
                                                           "terms": []}),
                 urls.form("vv"): ("form.md.j2", {"card": card, "form": ""}),
                 urls.source("vv-src"): ("source.md.j2", {"src": s.get("vv-src")}),
                 urls.card("village"): ("scorecard.md.j2", {"card": s.get("village")})}
        for uri, (tpl, ctx) in pages.items():
            body, front = meta.get_data(r.render(tpl, uri, **ctx))
            tree = lxml_html.fragment_fromstring(conv.reset().convert(body), create_parent="div")
            out[lang, uri] = tree, front
    return out


def _note(tree):
    return tree.xpath('//div[contains(@class, "admonition") and contains(@class, "warning")]')


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_draft_pages_show_the_note_and_never_invent_english(rendered, lang):
    L = LABELS[lang]
    s_card, s_task = urls.card("vv"), next(u for (lg, u) in rendered if lg == lang and "/vv-t1" in u)
    for (lg, uri), (tree, front) in rendered.items():
        if lg != lang:
            continue
        notes = _note(tree)
        if uri == urls.card("village"):
            assert notes == [], "a published card has no draft note"
            continue
        assert len(notes) == 1, uri
        assert notes[0].xpath("string(p[1])").strip() == L["draft_title"]
        assert (L["draft_source"] if "sources/" in uri else L["draft_card"])[:12] in notes[0].text_content()
        # the note comes first, right after the page's heading
        assert tree.xpath("name(//h1/following-sibling::*[1])") == "div", uri
        title = front.get("title", "")
        assert "<span" not in title and re.search("[\u4e00-\u9fff]", title), front  # plain text, the Chinese
    tree, _ = rendered[lang, s_card]
    h1 = tree.xpath("//h1")[0]
    assert h1.text_content().startswith("平安示范村（社区）建设工作指引")  # the Chinese, not an empty title
    zh_spans = tree.xpath('//span[@lang="zh"]')
    task, _ = rendered[lang, s_task]
    criteria = task.xpath('//span[@lang="zh"][contains(., "成立由村（社区）书记任组长")]')
    if lang == "en":
        assert h1.xpath('.//span[@lang="zh"]'), "the Chinese standing in for the English is marked lang=zh"
        assert len(zh_spans) > 10 and criteria
    else:
        assert zh_spans == [] and "成立由村（社区）书记任组长" in task.text_content()
    # the published card next to it keeps its English
    village, _ = rendered[lang, urls.card("village")]
    assert village.xpath('//span[@lang="zh"]') == []
    if lang == "en":
        assert "Safe" in village.xpath("string(//h1)")


@pytest.mark.parametrize("kind", ["xlsx", "docx", "html", "pdf"])
def test_scorecard_files_of_a_draft_show_the_chinese_in_english(project, kind, tmp_path):
    s = load(project).standards
    data = render_job(s, Job(f"x.{kind}", kind, "vv", "en"))
    if kind == "xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data))
        text = " ".join(str(c.value) for row in wb.worksheets[0].iter_rows() for c in row if c.value is not None)
    elif kind == "docx":
        import docx

        d = docx.Document(io.BytesIO(data))
        text = " ".join(c.text for t in d.tables for row in t.rows for c in row.cells) + \
            " ".join(p.text for p in d.paragraphs)
    elif kind == "pdf":
        (tmp_path / "x.pdf").write_bytes(data)
        text = subprocess.run(["pdftotext", str(tmp_path / "x.pdf"), "-"], capture_output=True, text=True,
                              check=True).stdout
        text = re.sub(r"\s+", "", text)
    else:
        text = data.decode("utf-8")
    for zh in ("平安示范村", "村（社区）自评得分", "成立由村（社区）书记任组长"):
        assert zh in text, (kind, zh)
    if kind == "html":
        assert re.search(r'<td class="t" lang="zh">成立由村（社区）书记任组长', text)


def test_collect_refuses_a_draft_card_and_keeps_the_others(project, tmp_path):
    s = load(project).standards
    folder = tmp_path / "received"
    folder.mkdir()
    for cid in ("vv", "village"):
        card = s.get(cid)
        header = {"unit": "城关村", "period": "2026"}
        (folder / f"{cid}.json").write_bytes(export_json(card, full_fill(plan_of(card)), header))
    proc = run_pingan("collect", "--db", str(tmp_path / "r.sqlite"), str(folder), cwd=project)
    assert proc.returncode == 1
    lines = [x for x in proc.stdout.splitlines() if x.split(None, 1)[0] in ("accepted", "rejected")]
    rejected = [x for x in lines if x.startswith("rejected")]
    assert len(rejected) == 1 and rejected[0].endswith(
        "vv.json: card vv is a draft: its submissions are collected once `draft: true` is removed from the card "
        "(it is still being reviewed and translated)"), lines
    assert any(x.startswith("accepted") and "village.json" in x for x in lines), lines
    results = run_pingan("results", "--db", str(tmp_path / "r.sqlite"), "--format", "json", cwd=project)
    assert '"vv"' not in results.stdout and '"village"' in results.stdout
    # `pingan score` scores it, and says it is a draft
    score = run_pingan("score", str(folder / "vv.json"), cwd=project)
    assert score.returncode == 0, score.stderr
    assert "  draft: card vv is a draft (draft: true, not yet reviewed and translated)" in score.stdout
    assert re.search(r"total \d", score.stdout)
    as_json = json.loads(run_pingan("score", "--format", "json", str(folder / "vv.json"), cwd=project).stdout)
    assert as_json["draft"] is True and as_json["columns"]
