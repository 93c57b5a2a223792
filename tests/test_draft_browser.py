"""A draft card in the built site, in Chromium on a desk (1280 px) and a phone (390 px): its overview
opens with the "draft / translation pending" note, the English site shows the Chinese (lang="zh")
where no English is written yet, nothing scrolls sideways; its form computes totals as any card's.
Screenshots are kept in test_output (draft-overview-<lang>-<width>.png)."""
from __future__ import annotations

import pytest

from conftest import FIXTURES, ROOT, make_site_project, run_pingan
from generator.render.common import load_labels
from importfixtures import card_layout, write_docx

pytestmark = pytest.mark.slow  # a site build and Chromium


@pytest.fixture(scope="module")
def draft_site(tmp_path_factory):
    from generator.checks.project import load

    tmp = tmp_path_factory.mktemp("draftsite")
    proj = make_site_project(tmp / "proj", FIXTURES / "mini" / "standards")
    s = load(ROOT).standards
    src = write_docx(card_layout(s.get("village"), s), tmp / "村.docx")
    run_pingan("import", str(src), "--id", "vv", cwd=proj)
    assert (proj / "standards" / "scorecards" / "vv.yaml").is_file()
    run_pingan("build", cwd=proj, check=True)
    from webserver import serve

    with serve(proj / "site") as base:
        yield base


@pytest.mark.parametrize("lang, width", [("zh", 1280), ("en", 1280), ("en", 390)])
def test_a_draft_overview_says_so_and_shows_the_chinese(browser, draft_site, test_output, lang, width):
    L = load_labels()[lang]
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    page = ctx.new_page()
    page.goto(draft_site + f"{lang}/scorecards/vv/index.html")
    note = page.locator("article .admonition.warning")
    assert note.count() == 1 and note.is_visible()
    assert note.locator(".admonition-title").inner_text().strip() == L["draft_title"]
    h1 = page.locator("article h1")
    assert h1.inner_text().startswith("平安示范村（社区）建设工作指引")
    note_box, h1_box = note.bounding_box(), h1.bounding_box()
    assert note_box["y"] > h1_box["y"] and note_box["y"] < 600, "the note is at the top, under the title"
    assert note_box["x"] >= 0 and note_box["x"] + note_box["width"] <= width
    zh = page.locator('article [lang="zh"]')
    if lang == "en":
        assert h1.locator('[lang="zh"]').count() == 1 and zh.count() > 5
        assert page.evaluate("document.documentElement.lang") == "en"
        assert page.locator('nav.md-nav--primary [lang="zh"]').count() >= 8  # the card, its form, its tasks
        assert page.title().startswith("平安示范村（社区）建设工作指引") and "<" not in page.title()
    else:
        assert zh.count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    page.screenshot(path=str(test_output / f"draft-overview-{lang}-{width}.png"), full_page=False)
    ctx.close()


def test_a_draft_form_computes_totals(browser, draft_site, test_output):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(draft_site + "en/scorecards/vv/form.html")
    assert page.locator("article .admonition.warning").count() == 1
    page.fill('[name="vv-t1-c1--self"]', "1")
    page.fill('[name="vv-t1-c2--self"]', "1")
    page.wait_for_function("document.getElementById('total--vv-t1--self').textContent === '2'")
    assert page.locator('[id="total--vv--self"]').inner_text() == "2"
    assert page.locator('#f-vv-t1-c1 td.t[lang="zh"]').count() == 1
    page.screenshot(path=str(test_output / "draft-form-en-1280.png"))
    ctx.close()
