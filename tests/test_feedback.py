"""The review cycle's reports (issue 22, item 7): the county's report shows per unit its status, every
stage's total under its role, the points lost in review with the reasons (criteria by number), evidence
counts and the review gap; ``pingan results -o DIR`` writes each ranked unit's feedback sheet (HTML and
DOCX, both languages) into ``DIR/feedback/``. Hostile reason text stays text."""
from __future__ import annotations

import io
import re
import zipfile
from html import unescape

import pytest

import resultset
from cyclefiles import collect, pingan, write
from generator.scoring.plan import plan_of

HOSTILE = '<script>alert(1)</script><b>少开3次例会</b> & "x"'


@pytest.fixture(scope="module")
def outputs(standards, tmp_path_factory):
    """Three towns: 城关镇 reviewed with two deductions (one reason hostile, one in the notes), 河口镇
    reviewed without any, 山前乡 self-assessed only; evidence listed for 城关镇."""
    town = standards.get("town")
    tmp = tmp_path_factory.mktemp("feedback")
    full = resultset.full_fill(plan_of(town))
    files = [write(tmp / "in", "城关镇.json", town, {**full, "town-t1-c1--county-review": "2",
                                                   "town-t1-c1--county-review--reason": HOSTILE,
                                                   "town-t1-c3--county-review": "4", "town-t1-c3--notes": "方案未备案",
                                                   "town-t1-c1--evidence": "会议记录.pdf；签到表.jpg"}, unit="城关镇"),
             write(tmp / "in", "河口镇.csv", town, full, unit="河口镇"),
             write(tmp / "in", "山前乡.json", town, resultset.only({**full, "town-t1-c2--self": "1"}, ["self"]),
                   unit="山前乡")]
    db = tmp / "r.sqlite"
    collect(db, *files, check=True)
    out = tmp / "out"
    said = pingan("results", "--db", str(db), "-o", str(out), check=True).stderr
    (tmp / "said.txt").write_text(said, encoding="utf-8")
    return out


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_the_county_report_shows_each_unit_in_review(outputs):
    html = next(outputs.glob("town-*.zh.html")).read_text(encoding="utf-8")
    table = html[html.index('<table class="units">'):]
    table = table[:table.index("</table>")]
    head = text_of(table[:table.index("</thead>")])
    assert "自评" in head and "审核" in head and "台账数" in head and "审核差" in head
    rows = {text_of(r).split()[0]: r for r in table.split("<tr>")[2:]}
    assert set(rows) == {"城关镇", "河口镇"}  # 山前乡 awaits review: not ranked, not here
    gate = text_of(rows["城关镇"])
    assert "已审核" in gate and "−4" in gate and " 2 " in gate  # the gap, the evidence count
    assert re.search(r"1\.1\s*−3", gate) and re.search(r"1\.3\s*−1\s*方案未备案", gate)
    assert "town-t1-c1" not in gate  # criteria by number
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;少开3次例会" in rows["城关镇"]
    assert "lost-reasons" not in rows["河口镇"] and "+0" in text_of(rows["河口镇"])
    en = next(outputs.glob("town-*.en.html")).read_text(encoding="utf-8")
    assert "Self-assessment" in en and "Points lost in review, with reasons" in en


def test_each_ranked_unit_gets_its_feedback_sheet(outputs):
    names = sorted(p.name for p in (outputs / "feedback").iterdir())
    assert names == [f"town-{u}-2026-feedback.{lang}.{ext}" for u in ("城关镇", "河口镇")
                     for ext, lang in (("docx", "en"), ("html", "en"), ("docx", "zh"), ("html", "zh"))]
    said = (outputs.parent / "said.txt").read_text(encoding="utf-8").splitlines()
    assert said[-1] == (f"wrote 8 feedback files to {outputs / 'feedback'} (a sheet per ranked unit: HTML and DOCX, "
                        "Chinese and English)")  # one line, not a line a file: a county has hundreds of units
    assert re.fullmatch(r"results: town 2026 \(1/1\): reports, 2 units ranked \(\d+\.\d s\)", said[0])  # progress
    wrote = [line for line in said if not line.startswith("results: town 2026: feedback sheet ")]  # once a second
    assert len(wrote) == 7 and all(line.startswith(f"wrote {outputs / 'town-'}") for line in wrote[1:6])
    html = (outputs / "feedback" / "town-城关镇-2026-feedback.zh.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "<b>少开" not in html and "&lt;script&gt;" in html
    text = text_of(html)
    assert "被考核单位： 城关镇" in text and "已审核" in text and "最终得分（县审核得分）： 146" in text
    rows = [" ".join(text_of(r).split()) for r in html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]]
    assert len(rows) == 2 and rows[0].startswith("1.1 ") and rows[0].endswith(f"5 5 2 −3 {HOSTILE}")
    assert rows[1].startswith("1.3 ") and rows[1].endswith("5 5 4 −1 方案未备案")
    assert "合计失分 −4" in " ".join(text.split()) and "未签发" in text
    clean = text_of((outputs / "feedback" / "town-河口镇-2026-feedback.en.html").read_text(encoding="utf-8"))
    assert "No criterion scored lower" in clean and "<table" not in clean


def test_the_docx_sheet_holds_the_reasons_as_plain_text(outputs):
    with zipfile.ZipFile(outputs / "feedback" / "town-城关镇-2026-feedback.zh.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;少开3次例会&lt;/b&gt; &amp; \"x\"" in body
    assert "<script>" not in body and "方案未备案" in body and "城关镇" in body
    assert 'w:w="11906"' in body and 'w:orient="landscape"' not in body  # A4 portrait


def _sheet(unit: str, lost: list[dict]) -> dict:
    return {"card": "town", "title": {"zh": "平安乡镇", "en": "Safe town"}, "period": "2026", "unit": unit,
            "status": "reviewed", "provisional": False, "final_column": "county-review",
            "column_title": {"zh": "县审核", "en": "County review"}, "self": 150.0,
            "final": 150.0 - sum(d["lost"] for d in lost), "rank": 1, "units": 2, "lost": lost,
            "names": {"c1": {"zh": "例会", "en": "Meetings"}}, "signed_off": None}


def test_a_sheet_made_among_many_is_the_sheet_made_alone():
    """``results -o`` makes hundreds of sheets with one batch a language (python-docx opens and saves
    its template once): every part of a later sheet is what that sheet alone would be."""
    from generator.results.feedback_docx import batch, to_docx

    lost = [{"id": "c1", "number": "1.1", "points": 5, "self": 5, "final": 2, "lost": 3, "reason": HOSTILE}]
    first, second = _sheet("城关镇", lost), _sheet("河口镇", [])
    for lang in ("zh", "en"):
        sheets = batch(lang)
        to_docx(first, lang, sheets)
        made = [to_docx(second, lang, sheets), to_docx(first, lang, sheets)]
        alone = [to_docx(second, lang), to_docx(first, lang)]
        for a, b in zip(made, alone, strict=True):
            with zipfile.ZipFile(io.BytesIO(a)) as za, zipfile.ZipFile(io.BytesIO(b)) as zb:
                assert za.namelist() == zb.namelist()
                for name in za.namelist():
                    x, y = za.read(name), zb.read(name)
                    if name == "docProps/core.xml":  # python-docx stamps the time it made the part
                        x, y = (re.sub(rb"<dcterms:modified[^<]*</dcterms:modified>", b"", v) for v in (x, y))
                    assert x == y, (lang, name)
        with zipfile.ZipFile(io.BytesIO(made[0])) as z:
            body = z.read("word/document.xml").decode("utf-8")
        assert "河口镇" in body and "城关镇" not in body and "例会" not in body  # nothing of the sheet before


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_word_reads_back_every_text_of_the_sheet(lang):
    """The sheet is joined from blocks python-docx built once a batch: python-docx reading it back finds
    each text where it belongs — a reason with line breaks, a tab, kept spaces, markup and characters
    XML cannot hold (dropped) — the table's widths, and the title in the document's properties."""
    from docx import Document

    from generator.results.feedback_docx import to_docx

    reason = "  台账缺3次\n<w:t>x</w:t> & \x07\t签到表\r\n未归档 "
    lost = [{"id": "c1", "number": "1.1", "points": 5, "self": 5, "final": 2, "lost": 3, "reason": reason},
            {"id": "c2", "number": "", "points": 4, "self": 4, "final": 3.5, "lost": 0.5, "reason": ""}]
    doc = Document(io.BytesIO(to_docx(_sheet("城关<b>镇</b>", lost), lang)))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == ("平安乡镇考核反馈单" if lang == "zh" else "Safe town: feedback sheet")
    assert any(t.endswith("城关<b>镇</b>") for t in texts[1:3])
    table = doc.tables[0]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert len(cells) == 4 and cells[1][0] == ("1.1 例会" if lang == "zh" else "1.1 Meetings")
    assert cells[1][1:] == ["5", "5", "2", "−3", "  台账缺3次\n<w:t>x</w:t> & \t签到表\n\n未归档 "]
    assert cells[2][0] == "c2" and cells[2][4] == "−0.5" and cells[2][5] not in ("", reason)  # "no reason given"
    assert cells[3][4] == "−3.5" and cells[3][1:4] == ["", "", ""]
    assert [round(c.width.mm) for c in table.columns] == ([52, 12, 12, 12, 12, 56] if lang == "zh"
                                                          else [44, 15, 13, 13, 13, 58])
    assert doc.core_properties.title.endswith("城关<b>镇</b> 2026") and doc.core_properties.identifier == "town"


@pytest.mark.slow  # LibreOffice
def test_the_docx_sheet_prints_on_a4_with_the_reasons(outputs, tmp_path, test_output):
    import subprocess

    from office import to_pdf

    srcs = [outputs / "feedback" / f"town-城关镇-2026-feedback.{lang}.docx" for lang in ("zh", "en")]
    pdfs = to_pdf(srcs, tmp_path)
    for src in srcs:
        pdf = pdfs[src]
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Page size:\s+595\.\d* x 841\.\d*", info) and re.search(r"Pages:\s+1\n", info)
        text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                      check=True).stdout.split())
        assert "城关镇" in text and "方案未备案" in text and "少开3次例会" in text and "<script>alert(1)</script>" in text
        assert "146" in text and "−3" in text and "1.1" in text and "1.3" in text
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", str(pdf),
                        str(test_output / src.name.replace(".docx", ".docx.page1"))], check=True)


@pytest.mark.slow  # Chromium
def test_the_sheet_and_the_report_read_at_desktop_and_phone_width(outputs, page, test_output):
    sheet = outputs / "feedback" / "town-城关镇-2026-feedback.zh.html"
    report = next(outputs.glob("town-*.zh.html"))
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(sheet.as_uri())
        page.screenshot(path=str(test_output / f"feedback-sheet-{width}.png"), full_page=True)
        reason = page.locator("table.lost tbody tr").nth(0).locator("td.reason").inner_text()
        assert reason == HOSTILE and page.locator("script").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.goto(report.as_uri())
        page.locator("table.units").scroll_into_view_if_needed()
        page.screenshot(path=str(test_output / f"report-units-{width}.png"), full_page=True)
        assert page.locator("table.units ul.lost-reasons li").count() == 2
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_reports_written_in_several_processes_are_the_reports_written_in_one(standards, tmp_path):
    """``results -o -j 2`` writes each card and period in a process of its own: the same files, the same
    contents (apart from the office files' creation times), listed in the same order."""
    from conftest import run_pingan

    town = standards.get("town")
    full = resultset.full_fill(plan_of(town))
    files = [write(tmp_path / "in", f"{unit}-{period}.json", town, {**full, "town-t1-c1--county-review": "3",
                                                                   "town-t1-c1--county-review--reason": "缺记录"},
                   unit=unit, period=period) for unit in ("城关镇", "河口镇") for period in ("2025", "2026")]
    db = tmp_path / "r.sqlite"
    collect(db, *files, check=True)
    said, made = {}, {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        said[jobs] = run_pingan("results", "--db", str(db), "-o", str(out), "-j", jobs, check=True).stderr
        made[jobs] = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert "results: 2 reports in 2 processes" in said["2"] and "reports in" not in said["1"]
    assert [x for x in said["1"].splitlines() if x.startswith("wrote")] == \
        [x.replace("out2", "out1") for x in said["2"].splitlines() if x.startswith("wrote")]
    assert made["1"].keys() == made["2"].keys() and len(made["1"]) == 2 * (5 + 2 * 4)
    for name, data in made["1"].items():
        if name.suffix in (".xlsx", ".docx"):
            with zipfile.ZipFile(io.BytesIO(data)) as a, zipfile.ZipFile(io.BytesIO(made["2"][name])) as b:
                assert all(a.read(n) == b.read(n) for n in a.namelist() if n != "docProps/core.xml"), name
        else:
            assert data == made["2"][name], name
