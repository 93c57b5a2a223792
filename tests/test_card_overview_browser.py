"""A card's overview in Chromium, on a desk and on a phone: under each domain (or the title of a card
without domains) a table with a row per task, linking the task and its responsible units; on a
390 px phone each task reads as two lines (number, task, points; then its units), and neither the
page nor the table scrolls sideways."""
from __future__ import annotations

import re

import pytest

from conftest import FIXTURES, make_site_project, run_pingan

pytestmark = pytest.mark.slow  # a site build and Chromium


@pytest.fixture(scope="module")
def scoring_site(tmp_path_factory):
    proj = make_site_project(tmp_path_factory.mktemp("overview") / "proj", FIXTURES / "scoring" / "standards")
    run_pingan("build", cwd=proj, check=True)
    from webserver import serve

    with serve(proj / "site") as base:
        yield base


ROWS = """(heading) => {
    let el = document.getElementById(heading).nextElementSibling;
    while (el && !el.querySelector('table') && el.tagName !== 'TABLE' && el.tagName !== 'H2')
        el = el.nextElementSibling;
    const table = el && (el.tagName === 'TABLE' ? el : el.querySelector('table'));
    return table ? [...table.tBodies[0].rows].map(r => [...r.querySelectorAll('a')].map(a => a.textContent)) : null;
}"""


@pytest.mark.parametrize("lang, width", [("zh", 1280), ("en", 390)])
def test_card_overview_lists_tasks_and_units_in_tables(browser, scoring_site, test_output, lang, width):
    ctx = browser.new_context(viewport={"width": width, "height": 800})
    page = ctx.new_page()
    expect = {"rules": {"rules-d1": [("组织领导", "Organisational leadership"), ("群众满意", "Public satisfaction")],
                        "rules-d2": [("矛盾化解", "Dispute resolution"),
                                     ("治安防控", "Public order prevention and control")]},
              "flat": {"flat": [("村务", "Village affairs")]}}
    town = {"zh": "镇党委、政府", "en": "Town Party Committee and Government"}[lang]
    for card, groups in expect.items():
        page.goto(scoring_site + f"{lang}/scorecards/{card}/index.html")
        for heading, tasks in groups.items():
            rows = page.evaluate(ROWS, heading)
            assert rows is not None, f"{card}: no table under #{heading}"
            assert [r[0] for r in rows] == [t[0 if lang == "zh" else 1] for t in tasks]
            assert all(town in r[1:] for r in rows)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
        unit = page.locator("article table a[href$='units/u-town.html']").first
        unit.scroll_into_view_if_needed()
        box = unit.bounding_box()
        assert box and 0 <= box["x"] and box["x"] + box["width"] <= width, "the units column can be scrolled to"
        if width < 600:
            wide = page.evaluate("[...document.querySelectorAll('article table')]"
                                 ".filter(t => t.scrollWidth > t.clientWidth + 1).length")
            assert wide == 0, f"{wide} task tables scroll sideways on a phone"
        page.screenshot(path=str(test_output / f"overview-{card}-{lang}-{width}.png"), full_page=True)
    page.locator("article table a", has_text=expect["flat"]["flat"][0][0 if lang == "zh" else 1]).click()
    page.wait_for_url(re.compile(r"/scorecards/flat/flat-t1\.html#flat-t1$"))
    assert page.locator("h1").inner_text().startswith("1 ")
    ctx.close()
