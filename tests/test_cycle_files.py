"""The review cycle (issue 22) with real files of every format, as a county's villages send them:

- 东村 assesses itself in the **form in Chromium** (typed, exported as JSON) and sends it with its 台账 in
  a folder; the town's review comes as an **XLSX** typed with openpyxl and saved again by LibreOffice,
  the county's re-check as a **PDF** filled with pypdf — reasons in the card's notes cells;
- 西村 assesses itself in the form; the town **imports that file into the form** on its own machine,
  types its review (the form asks for the reason) and exports again (the village's self column rides
  along, under the town's name); the county re-checks in the PDF;
- 南社区 sends only its self-assessment, the form's **CSV** export; 北村, on the roster, sends nothing.

Then ``pingan collect`` and ``pingan results``: what a county officer sees in the JSON, the report (HTML at
desktop and phone width) and a feedback sheet (DOCX printed by LibreOffice); sign-off, and a changed file
refused after it."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

import resultset
from cyclefiles import collect, lines_of, pingan, results
from generator.scoring.plan import plan_of

pytestmark = pytest.mark.slow  # Chromium, LibreOffice
MINUTES = b"%PDF-1.4 minutes of the village's four meetings"


def scores(card, column: str, **low) -> dict:
    """Every criterion of ``column`` at full points but those given (``village_t1_c1=0.5``)."""
    full = resultset.only(resultset.full_fill(plan_of(card)), [column])
    return {**full, **{f"{k.replace('_', '-')}--{column}": f"{v:g}" for k, v in low.items()}}


def form_page(browser, form: Path):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = ctx.new_page()
    page.goto(form.as_uri())
    return ctx, page


def type_in(page, values: dict) -> None:
    for name, v in values.items():
        box = page.locator(f'[name="{name}"]')
        if box.evaluate("e => e.tagName") == "SELECT":  # met / not met: picked from its list
            box.select_option(v)
        else:
            box.fill(v)


def export(page, fmt: str, dest: Path) -> Path:
    with page.expect_download() as dl:
        page.click(f'[data-action="export-{fmt}"]')
    dest.parent.mkdir(parents=True, exist_ok=True)
    dl.value.save_as(dest)
    return dest


def self_assess(browser, form: Path, card, unit: str, values: dict, fmt: str, dest: Path) -> Path:
    """A village types its header and self-assessment into the form and exports it."""
    ctx, page = form_page(browser, form)
    try:
        type_in(page, {"header--unit": unit, "header--period": "2026", "header--filled-by": f"{unit}村委", **values})
        return export(page, fmt, dest)
    finally:
        ctx.close()


def town_reviews(browser, form: Path, village_file: Path, values: dict, reasons: dict, dest: Path) -> Path:
    """The town opens the village's file in the form (its own browser), types its review; the export is refused
    until the reasons are typed into the boxes the form shows."""
    ctx, page = form_page(browser, form)
    try:
        page.set_input_files('input[data-action="import"]', str(village_file))
        page.click('[data-action="import-apply"]')
        type_in(page, {"header--filled-by": "城关镇", **values})
        page.click('[data-action="export-json"]')
        assert "village-t3-c1--town-review--reason" == page.evaluate("() => document.activeElement.name")
        type_in(page, reasons)
        return export(page, "json", dest)
    finally:
        ctx.close()


@pytest.fixture(scope="module")
def received(standards, browser, tmp_path_factory) -> Path:
    from generator.render.outputs import Job, render_job

    village = standards.get("village")
    tmp = tmp_path_factory.mktemp("cyclefiles")
    form = tmp / "village.zh.html"
    form.write_bytes(render_job(standards, Job("x", "html", "village", "zh")))
    inbox = tmp / "received"
    east = inbox / "东村-台账"  # a folder: the card and its evidence
    self_assess(browser, form, village, "东村", {**scores(village, "self", village_t1_c1=0.5),
                                                "village-t1-c1--evidence": "会议记录.pdf"}, "json", east / "东村.json")
    (east / "台账").mkdir()
    (east / "台账" / "会议记录.pdf").write_bytes(MINUTES)
    typed = resultset.fill_xlsx(render_job(standards, Job("x", "xlsx", "village", "zh")), {
        **scores(village, "town-review", village_t2_c1=0), "village-t2-c1--notes": "台账未建立",
        "header--unit": "东村", "header--period": "2026", "header--filled-by": "城关镇", "header--date": "2026-03-10"},
        tmp / "typed.xlsx")
    resultset.resave([(typed, inbox / "东村-镇审核.xlsx")], tmp)
    pdf = render_job(standards, Job("x", "pdf", "village", "zh"))
    recheck = {**scores(village, "county-recheck", village_t1_c1=0.5, village_t2_c1=0),
               "village-t1-c1--notes": "例会记录不全", "village-t2-c1--notes": "台账仍未建立",
               "header--period": "2026", "header--filled-by": "县考核办", "header--date": "2026-03-20"}
    (inbox / "东村-县复核.pdf").write_bytes(resultset.fill_pdf(pdf, {**recheck, "header--unit": "东村"}))
    west = self_assess(browser, form, village, "西村", scores(village, "self"), "json", tmp / "sent" / "西村.json")
    town_reviews(browser, form, west, scores(village, "town-review", village_t3_c1=0),
                 {"village-t3-c1--town-review--reason": "未见巡逻记录"}, inbox / "西村-镇审核.json")
    west_recheck = {**scores(village, "county-recheck", village_t3_c1=0), "village-t3-c1--notes": "未见巡逻记录",
                    "header--period": "2026", "header--filled-by": "县考核办", "header--date": "2026-03-21"}
    (inbox / "西村-县复核.pdf").write_bytes(resultset.fill_pdf(pdf, {**west_recheck, "header--unit": "西村"}))
    shutil.copy(west, inbox / "西村.json")
    self_assess(browser, form, village, "南社区", scores(village, "self"), "csv", inbox / "南社区.csv")
    (tmp / "roster.txt").write_text("东村\n西村\n南社区\n北村\n", encoding="utf-8")
    (tmp / "changed.pdf").write_bytes(resultset.fill_pdf(pdf, {**recheck, "header--unit": "东村",
                                                              "village-t1-c1--county-recheck": "1",
                                                              "header--revision": "2"}))
    no_reason = {k: v for k, v in recheck.items() if k != "village-t2-c1--notes"}
    (tmp / "no-reason.pdf").write_bytes(resultset.fill_pdf(pdf, {**no_reason, "header--unit": "东村"}))
    return inbox


@pytest.fixture(scope="module")
def store(received) -> Path:
    db = received.parent / "r.sqlite"
    out = collect(db, received, check=True).stdout
    (received.parent / "collect.txt").write_text(out, encoding="utf-8")
    return db


def test_collect_reads_every_format_and_the_towns_re_export_is_no_rival(received, store):
    out = (received.parent / "collect.txt").read_text(encoding="utf-8")
    assert "7 files: 7 accepted, 0 unchanged, 0 rejected" in out, out
    assert "(json, UTF-8), revision 1" in lines_of(out, received / "东村-台账")[0]
    assert "evidence: 1 file(s) kept" in lines_of(out, received / "东村-台账")[0]
    assert "(xlsx)" in lines_of(out, received / "东村-镇审核.xlsx")[0]
    assert "by “县考核办”" in lines_of(out, received / "东村-县复核.pdf")[0]
    assert "(csv, UTF-8)" in lines_of(out, received / "南社区.csv")[0]
    town = lines_of(out, received / "西村-镇审核.json")[0]
    assert "by “城关镇”" in town and "columns self, town-review" in town
    own = lines_of(out, received / "西村.json")[0]  # collected after the town's file, which carried it
    assert "supersedes the copy #" in own and "carried for self (the same scores)" in own
    assert "conflict" not in out and "ALTERED" not in out


def test_a_re_check_pdf_without_the_reason_of_a_deduction_is_rejected(received, tmp_path):
    bad = received.parent / "no-reason.pdf"
    proc = collect(tmp_path / "r.sqlite", bad)
    assert proc.returncode == 1
    assert lines_of(proc.stdout, bad) == [
        f"rejected   {bad}: village-t2-c1--county-recheck--reason: criterion 2.1 (village-t2-c1) lost 1 of 1 points "
        f"in county-recheck: a review deduction needs its reason (in this field, or the criterion's notes)"]


def test_the_county_officer_sees_who_is_ranked_who_waits_and_who_is_missing(received, store):
    doc = results(store, "--roster", str(received.parent / "roster.txt"))
    assert [(x["unit"], x["rank"], x["final"], x["final_column"], x["status"]) for x in doc["ranking"]] == [
        ("西村", 1, 24, "county-recheck", "reviewed"), ("东村", 2, 23.5, "county-recheck", "reviewed")]
    rows = {x["unit"]: x for x in doc["ranking"]}
    assert rows["东村"]["columns"] == {"self": 24.5, "town-review": 24, "county-recheck": 23.5}
    assert rows["东村"]["files"] == {"self": "东村-台账", "town-review": "东村-镇审核.xlsx",
                                    "county-recheck": "东村-县复核.pdf"}
    assert rows["西村"]["columns"] == {"self": 25, "town-review": 24, "county-recheck": 24}
    assert rows["西村"]["files"]["self"] == "西村.json"  # the village's own file, not the town's copy
    assert [(x["unit"], x["status"], x["columns"]) for x in doc["awaiting_review"]] == [
        ("南社区", "self-assessed", {"self": 25})]  # 25 on its own word: not above the reviewed 24
    assert doc["missing"] == ["北村"] and doc["conflicts"] == [] and doc["altered"] == []
    assert doc["signed_off"] is None
    assert rows["东村"]["evidence"]["criteria"]["village-t1-c1"] == [
        {"name": "会议记录.pdf", "size": len(MINUTES), "sha256": hashlib.sha256(MINUTES).hexdigest()}]
    gap = doc["review_gap"]["units"]["东村"]  # 1.1 is 0.5 in the self-assessment and the re-check alike
    assert [(d["id"], d["self"], d["review"]) for d in gap] == [("village-t2-c1", 1, 0)]
    hist = pingan("results", "--db", str(store), "--history", "西村", check=True).stdout
    assert "“城关镇”" in hist and " copy:" in hist and "CONFLICT" not in hist


def test_the_report_and_a_feedback_sheet_show_the_reasons(received, store, page, test_output, tmp_path):
    from office import to_pdf

    out = tmp_path / "report"
    pingan("results", "--db", str(store), "--roster", str(received.parent / "roster.txt"), "-o", str(out),
           check=True)
    html = next(out.glob("village-*.zh.html"))
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(html.as_uri())
        page.screenshot(path=str(test_output / f"cycle-files-report-{width}.png"), full_page=True)
        units = page.locator("table.units tbody tr")
        assert units.nth(0).locator("td.unit").inner_text() == "西村"
        east = units.nth(1).inner_text()
        assert "2.1−1 台账仍未建立" in east  # 1.1 lost 0.5 in the self-assessment already: not lost in review
        assert units.nth(1).locator("td.evidence").inner_text() == "1"
        assert page.locator("table.awaiting tbody tr").inner_text().split()[:2] == ["南社区", "仅自评"]
        assert page.locator("p.missing").inner_text() == "北村"
        assert hashlib.sha256(MINUTES).hexdigest() in page.locator("table.evidence").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    docx = out / "feedback" / "village-东村-2026-feedback.zh.docx"
    pdf = to_pdf([docx], tmp_path / "office")[docx]
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
                   .stdout.split())
    assert "东村" in text and "台账仍未建立" in text and "23.5" in text
    subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", str(pdf),
                    str(test_output / "cycle-files-feedback-docx")], check=True)


def test_after_sign_off_a_changed_pdf_is_refused_and_reopening_is_recorded(received, store, tmp_path):
    db = tmp_path / "r.sqlite"
    shutil.copy(store, db)
    before = results(db)["ranking"]
    pingan("results", "--db", str(db), "--card", "village", "--period", "2026", "--finalize", check=True)
    signed = results(db)
    assert [x["status"] for x in signed["ranking"]] == ["final", "final"] and signed["signed_off"]["checksum"]
    changed = received.parent / "changed.pdf"
    proc = collect(db, changed)
    assert proc.returncode == 1 and f"period signed off on {signed['signed_off']['at']}" in proc.stdout
    assert [(x["unit"], x["rank"], x["final"]) for x in results(db)["ranking"]] == \
        [(x["unit"], x["rank"], x["final"]) for x in before]
    pingan("results", "--db", str(db), "--card", "village", "--period", "2026", "--reopen", "--reason", "东村复核更正",
           check=True)
    assert collect(db, changed).returncode == 0
    doc = results(db)
    assert {x["unit"]: x["final"] for x in doc["ranking"]} == {"西村": 24, "东村": 24}
    assert [(a["action"], a["reason"]) for a in doc["audit"]] == [("finalize", ""), ("reopen", "东村复核更正")]
    assert doc["signed_off"] is None
