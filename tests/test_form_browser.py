"""The fillable HTML scorecard in real Chromium: totals, validation, saving, export/import, print."""
from __future__ import annotations

import json
import re
import subprocess

import pytest

COUNTY = "zh/scorecards/county/form.html"
VILLAGE = "en/scorecards/village/form.html"


def total(page, item, col):
    return page.locator(f'[id="total--{item}--{col}"]').inner_text()


def test_totals_per_column(page, site_url):
    page.goto(site_url + COUNTY)
    page.fill('[name="county-t1-c1--self"]', "6.5")
    page.fill('[name="county-t1-c2--self"]', "3")
    page.fill('[name="county-t2-c1--self"]', "7")
    page.select_option('[name="county-t6-c3--self"]', "met")           # outcome: 10 points
    page.fill('[name="county-t1-c1--county-review"]', "5")
    page.select_option('[name="county-t6-c3--county-review"]', "not-met")
    page.fill('[name="county-t44-c1--county-review"]', "2.5")
    assert total(page, "county-t1", "self") == "9.5"
    assert total(page, "county-d1", "self") == "16.5"
    assert total(page, "county-d2", "self") == "10"
    assert total(page, "county", "self") == "26.5"
    assert total(page, "county-t1", "county-review") == "5"
    assert total(page, "county-d7", "county-review") == "2.5"
    assert total(page, "county", "county-review") == "7.5"
    # self 6.5 vs review 5: the review cell is marked as different
    cell = page.locator('[name="county-t1-c1--county-review"]').locator("xpath=..")
    assert "pingan-diff" in cell.get_attribute("class")


def test_three_columns_and_reload_keeps_values(page, site_url):
    page.goto(site_url + VILLAGE)
    values = {"village-t1-c1--self": "1", "village-t1-c2--town-review": "0.5", "village-t2-c1--county-recheck": "1"}
    for name, v in values.items():
        page.fill(f'[name="{name}"]', v)
    page.select_option('[name="village-t6-c1--self"]', "met")
    page.fill('[name="village-t1-c1--notes"]', "会议纪要 <b>3</b> 份")
    page.fill('[name="header--unit"]', "某村")
    assert total(page, "village", "self") == "11"
    assert total(page, "village", "town-review") == "0.5"
    assert total(page, "village", "county-recheck") == "1"
    page.reload()
    for name, v in values.items():
        assert page.input_value(f'[name="{name}"]') == v
    assert page.input_value('[name="village-t6-c1--self"]') == "met"
    assert page.input_value('[name="village-t1-c1--notes"]') == "会议纪要 <b>3</b> 份"
    assert page.input_value('[name="header--unit"]') == "某村"
    assert total(page, "village", "self") == "11"
    key = page.evaluate("() => Object.keys(localStorage)")
    assert key == ["pingan:scorecard:v1:village:1"]


def test_out_of_range_and_off_step_are_refused(page, site_url):
    page.goto(site_url + COUNTY)
    el = '[name="county-t39-c1--self"]'  # a 10-point criterion
    page.fill(el, "11")
    assert page.get_attribute(el, "aria-invalid") == "true"
    msg = page.locator(el).locator("xpath=../span[@class='pingan-error']")
    assert "0 至 10" in msg.inner_text() and msg.is_visible()
    assert total(page, "county", "self") == "0"
    page.fill(el, "7.3")
    assert "0.5" in msg.inner_text()
    page.fill(el, "abc")
    assert msg.inner_text() != ""
    page.fill(el, "10")
    assert page.get_attribute(el, "aria-invalid") == "false" and msg.inner_text() == ""
    assert total(page, "county", "self") == "10"


def _fill_some(page):
    page.fill('[name="county-t1-c1--self"]', "7")
    page.fill('[name="county-t13-c4--county-review"]', "3.5")
    page.select_option('[name="county-t30-c4--self"]', "not-met")
    page.fill('[name="county-t24-c2--notes"]', 'A "quoted", comma\nnew line 台账')
    page.fill('[name="header--period"]', "2026年")


def _values(page):
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        '#pingan-scorecard [name]')].filter(e => e.type !== 'file').map(e => [e.name, e.value]))""")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_reset_import_round_trip(page, site_url, tmp_path, fmt):
    from test_form_cycle_browser import give_reasons

    page.goto(site_url + COUNTY)
    _fill_some(page)
    give_reasons(page, f"export-{fmt}")  # county-review below full points: each deduction's reason first
    with page.expect_download() as dl:
        page.click(f'[data-action="export-{fmt}"]')
    before = _values(page)  # with the date and revision the export wrote
    assert before["header--revision"] == "1" and before["header--date"]
    path = tmp_path / f"export.{fmt}"
    dl.value.save_as(path)
    assert dl.value.suggested_filename == f"county-2026年-county-review.{fmt}"  # no unit typed: left out
    page.once("dialog", lambda d: d.accept())
    page.click('[data-action="reset"]')
    assert page.input_value('[name="county-t1-c1--self"]') == ""
    assert total(page, "county", "self") == ""
    page.set_input_files('input[data-action="import"]', str(path))
    page.click('[data-action="import-apply"]')  # after the preview of what will change
    assert _values(page) == before
    assert total(page, "county", "self") == "7"
    page.reload()
    assert _values(page) == before


def test_reset_asks_first(page, site_url):
    page.goto(site_url + COUNTY)
    page.fill('[name="county-t1-c1--self"]', "7")
    page.once("dialog", lambda d: d.dismiss())
    page.click('[data-action="reset"]')
    assert page.input_value('[name="county-t1-c1--self"]') == "7"


def test_import_of_another_card_or_bad_values_is_refused(page, site_url, tmp_path):
    page.goto(site_url + COUNTY)
    page.fill('[name="county-t1-c1--self"]', "7")
    other = tmp_path / "town.json"
    other.write_text(json.dumps({"format": "pingan-scorecard/1", "card": "town", "edition": "1",
                                 "values": {"town-t1-c1--self": "5"}}), encoding="utf-8")
    page.set_input_files('input[data-action="import"]', str(other))
    msg = page.locator(".pingan-message")
    msg.wait_for(state="visible")
    assert "town" in msg.inner_text() and "county" in msg.inner_text()
    assert page.input_value('[name="county-t1-c1--self"]') == "7"  # nothing changed
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"format": "pingan-scorecard/1", "card": "county", "edition": "0",
                               "values": {}}), encoding="utf-8")
    page.set_input_files('input[data-action="import"]', str(old))
    page.wait_for_function("() => document.querySelector('.pingan-message').textContent.includes('版')")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "pingan-scorecard/1", "card": "county", "edition": "1",
                               "values": {"county-t1-c1--self": "9", "county-t1-c2--self": "1"}}), encoding="utf-8")
    page.set_input_files('input[data-action="import"]', str(bad))
    page.wait_for_function("() => document.querySelector('.pingan-message').textContent.includes('county-t1-c1--self')")
    assert page.input_value('[name="county-t1-c2--self"]') == ""  # all or nothing


def test_offline_file_works_from_disk(page, built_site):
    path = built_site / "zh" / "scorecards" / "village" / "village.zh.html"
    html = path.read_text(encoding="utf-8")
    assert "<link" not in html and "src=" not in html  # self-contained
    page.goto(path.as_uri())
    page.fill('[name="village-t1-c1--self"]', "1")
    page.select_option('[name="village-t6-c1--self"]', "met")
    assert total(page, "village", "self") == "11"


def test_chromium_print_repeats_header_row(page, site_url, tmp_path):
    page.goto(site_url + COUNTY)
    page.fill('[name="county-t1-c1--self"]', "6.5")
    pdf = tmp_path / "printed.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(next(ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages:")))
    assert pages > 5
    assert re.search(r"Page size:\s+841\.92 x 59[45]\.\d+ pts \(A4\)", info), info  # A4 landscape
    for n in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
                              capture_output=True, text=True).stdout
        if not text.strip():
            continue
        assert "单位自评得分" in text, f"page {n} lacks the header row"
        assert "评分标准" in text or n == pages, f"page {n} lacks the table's header row"
        assert re.search(rf"—\s*{n}\s*—", text), f"page {n}: page number as on an official attachment"
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"],
                           capture_output=True, text=True).stdout
    assert "6.5" in first  # typed values are printed
    assert "总分" in text and "签字盖章" in text, "the total and the sign-off on the last page"


def test_form_works_under_a_strict_csp(page, built_site):
    """No inline script of ours: with script-src 'self' the form still validates and totals."""
    from webserver import serve

    errors = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    with serve(built_site, headers={"Content-Security-Policy": "script-src 'self'; object-src 'none'"}) as base:
        page.goto(base + COUNTY)
        page.fill('[name="county-t1-c1--self"]', "7")
        page.fill('[name="county-t1-c2--self"]', "11")
        assert total(page, "county-t1", "self") == "7"
        assert page.get_attribute('[name="county-t1-c2--self"]', "aria-invalid") == "true"
    html = (built_site / "zh" / "scorecards" / "county" / "form.html").read_text(encoding="utf-8")
    # data blocks (type="application/json": the plan, the interface words) are not scripts
    inline = re.findall(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>(.*?)</script>", html, re.S)
    assert not [s for s in inline if "pingan" in s.lower()], "the form's script must live in a file"


def test_deductions_vetoes_and_bonus_are_applied(page, tmp_path):
    """The fixture card has a deduction rule, a veto item, bonus points and a 0.25 step."""
    from conftest import FIXTURES, make_site_project, run_pingan
    from webserver import serve

    proj = make_site_project(tmp_path / "proj", FIXTURES / "mini" / "standards")
    run_pingan("build", cwd=proj, check=True)
    with serve(proj / "site") as base:
        page.goto(base + "zh/scorecards/card/form.html")
        page.fill('[name="card-t1-c1--self"]', "3")          # 3 meetings missed: 5 − 3 × 0.25
        assert page.locator('output[data-of="card-t1-c1"][data-col="self"]').inner_text() == "= 4.25"
        page.fill('[name="card-t1-c1--review"]', "40")       # capped at 5: 0 points left
        page.fill('[name="card-t2-c1--self"]', "9.75")       # 0.25 steps are fine on this card
        page.fill('[name="card-t2-c1--review"]', "9.8")
        assert page.get_attribute('[name="card-t2-c1--review"]', "aria-invalid") == "true"
        assert total(page, "card", "self") == "14"
        assert total(page, "card", "review") == "0"
        page.fill('[name="card-bonus1--self"]', "1")
        assert total(page, "card", "self") == "15"
        page.check('[name="card-veto1--self"]')
        assert "0" in total(page, "card", "self") and page.locator('[id="total--card--self"]').get_attribute(
            "class").count("pingan-vetoed") == 1
        page.uncheck('[name="card-veto1--self"]')
        assert total(page, "card", "self") == "15"


def test_export_names_unit_period_and_stage_as_collect_shows_them(page, site_url, tmp_path):
    """A county receiving thirty village files tells them apart: <card>-<unit>-<period>-<stage> (the last
    score column filled), the unit in Chinese kept, other characters made safe; collect shows that name."""
    from conftest import run_pingan
    from generator.results.names import submission_name
    from test_form_cycle_browser import give_reasons

    page.goto(site_url + VILLAGE)
    page.fill('[name="header--unit"]', "城关镇 东街村/一组")
    page.fill('[name="header--period"]', "2026 上半年")
    page.fill('[name="village-t1-c1--self"]', "1")
    with page.expect_download() as dl:
        page.click('[data-action="export-json"]')
    assert dl.value.suggested_filename == "village-城关镇_东街村_一组-2026_上半年-self.json"
    page.fill('[name="village-t1-c1--town-review"]', "0.5")
    give_reasons(page, "export-csv")
    with page.expect_download() as dl:
        page.click('[data-action="export-csv"]')
    name = "village-城关镇_东街村_一组-2026_上半年-town-review"
    assert dl.value.suggested_filename == name + ".csv"
    assert submission_name("village", "城关镇 东街村/一组", "2026 上半年", ["self", "town-review"]) == name
    received = tmp_path / "received" / "village-1.csv"  # renamed on the way, as mail does
    received.parent.mkdir()
    dl.value.save_as(received)
    out = run_pingan("collect", "--db", str(tmp_path / "results.sqlite"), str(received), check=True).stdout
    assert f"{received}: #1 {name} — " in out


def test_columns_nobody_filled_are_blank_not_zero(page, site_url):
    page.goto(site_url + VILLAGE)
    cols = ("self", "town-review", "county-recheck")
    assert [total(page, "village", c) for c in cols] == ["", "", ""]
    page.fill('[name="village-t1-c1--self"]', "1")
    assert [total(page, "village", c) for c in cols] == ["1", "", ""]
    assert [total(page, "village-t2", c) for c in cols] == ["0", "", ""], "a filled column's zero stays 0"


def test_printed_form_page_is_the_card_alone(page, site_url, tmp_path, test_output):
    """Chromium's print of the site's form page: page 1 starts with the 附件 label, then the title; the
    page's heading, introduction and file links are not printed."""
    from generator.render.common import load_labels

    L = load_labels()["zh"]
    page.goto(site_url + "zh/scorecards/village/form.html")
    pdf = tmp_path / "printed.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split()
    assert first[:2] == ["附件2", "平安示范村（社区）建设工作指引"], first[:5]
    every = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert L["form_intro"][:12] not in every and L["scorecard_files"] not in every and L["form"] not in every
    subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf),
                    str(test_output / "form-print-village.zh.page1")], check=True)


@pytest.mark.parametrize("url", [VILLAGE, COUNTY])
def test_phone_width_reads_as_cards(browser, site_url, test_output, url):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1, is_mobile=True,
                              has_touch=True)
    page = ctx.new_page()
    page.goto(site_url + url)
    form = page.locator("#pingan-scorecard")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390   # no sideways scrolling
    text = page.locator("tr.r-criterion td.t").first.bounding_box()
    assert text["width"] > 250                                    # the criterion reads across the screen
    boxes = page.evaluate("""() => [...document.querySelectorAll(
        '#pingan-scorecard .pingan-in, #pingan-scorecard textarea')].filter(e => !e.closest('[hidden]'))
        .map(e => { const r = e.getBoundingClientRect(); return [e.name, r.left, r.right, r.width, r.height]; })""")
    assert boxes and all(x >= 0 and r <= 390 and w >= 40 and h >= 20 for _, x, r, w, h in boxes), \
        [b for b in boxes if not (b[1] >= 0 and b[2] <= 390 and b[3] >= 40 and b[4] >= 20)][:5]
    labels = page.evaluate("""() => [...document.querySelectorAll('.pingan-header-fields label')].map(l => {
        const r = document.createRange(); r.selectNodeContents(l.firstChild);
        return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; })""")
    assert labels and all(n == 1 for n in labels), "header labels on one line (被考评单位, not 被考评单/位)"
    first = page.locator("#pingan-scorecard .pingan-in").first
    first.tap()
    first.fill("1")
    assert first.evaluate("e => e === document.activeElement")
    name = url.split("/")[-2]
    page.screenshot(path=str(test_output / f"form-390-{name}.png"), full_page=False)
    form.screenshot(path=str(test_output / f"form-390-{name}-full.png"))
    ctx.close()
