"""Scorecard files: fillable PDF (fields, text, rendering) and XLSX (formulas, validation, recalculation)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from conftest import FIXTURES, make_site_project, run_pingan

CASES = [(card, lang) for card in ("county", "town", "village") for lang in ("zh", "en")]


def card_of(standards, card_id):
    return next(c for c in standards.scorecards if c.id == card_id)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("card_id,lang", CASES)
def test_pdf_fields_are_stable_ids(built_site, standards, card_id, lang):
    card = card_of(standards, card_id)
    path = built_site / lang / "scorecards" / card_id / f"{card_id}.{lang}.pdf"
    fields = PdfReader(path).get_fields()
    cols = [c.id for c in card.columns]
    expected = {f"{c.id}--{col}" for c in card.criteria for col in cols}
    expected |= {f"{c.id}--notes" for c in card.criteria}
    expected |= {f"header--{h}" for h in ("unit", "period", "filled-by", "date", "revision")}
    totals = [t.id for t in card.tasks] + [d.id for d in card.domains] + [card.id]
    expected |= {f"total--{i}--{col}" for i in totals for col in cols}
    assert set(fields) == expected
    assert len(fields) == len(card.criteria) * len(cols) + len(card.criteria) + 5 + len(totals) * len(cols)
    outcome = next(c for c in card.criteria if c.kind == "outcome")
    assert fields[f"{outcome.id}--{cols[0]}"]["/FT"] == "/Ch"


@pytest.mark.parametrize("card_id,lang", CASES)
def test_pdf_text_equals_yaml(built_site, standards, card_id, lang):
    card = card_of(standards, card_id)
    text = pdf_text(built_site / lang / "scorecards" / card_id / f"{card_id}.{lang}.pdf")
    # compare without white space, and without hyphens (pdftotext joins words hyphenated at line ends)
    flat = re.sub(r"[\s-]+", "", text)
    for c in card.criteria:
        assert re.sub(r"[\s-]+", "", c.text.zh if lang == "zh" else c.text.en) in flat, c.id
    assert not [ch for ch in text if 0x2E80 <= ord(ch) <= 0x2FDF], "Kangxi radical substitutes in the text layer"
    assert re.search(r"—\s*1\s*—", text), "page numbers as on an official attachment: — 1 —"


def test_pdf_total_fields_carry_calculation_scripts(built_site):
    import pikepdf

    with pikepdf.open(built_site / "zh" / "scorecards" / "village" / "village.zh.pdf") as pdf:
        fields = {str(f.T): f for f in pdf.Root.AcroForm.Fields}
        js = str(fields["total--village-t1--self"].AA.C.JS)
        assert js == 'event.value = pinganTotal(this, "village-t1", "self");'
        doc = pdf.Root.Names.JavaScript.Names[1].JS.read_bytes().decode()
        assert "var PinganScoring" in doc and '"village-t1-c3"' in doc  # the engine and the card's plan
        order = [str(f.T) for f in pdf.Root.AcroForm.CO]
        assert order.index("total--village-t1--self") < order.index("total--village--self")


@pytest.mark.parametrize("card_id", ["county", "town", "village"])
def test_pdf_renders_chinese_glyphs_without_system_fonts(built_site, card_id, tmp_path, test_output):
    """pdftoppm draws the embedded font: distinct characters give distinct glyphs (no tofu boxes)."""
    pdf = built_site / "zh" / "scorecards" / card_id / f"{card_id}.zh.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    cjk = [ln for ln in fonts.splitlines() if "PinganCJK" in ln]
    assert cjk and all(" yes yes " in ln for ln in cjk)  # embedded and subset
    png = test_output / f"{card_id}.zh.page1"
    subprocess.run(["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf), str(png)],
                   check=True)
    # the title's characters, cut one by one from the rendering, must differ from each other
    bbox = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</word>', bbox)
    x0, y0, x1, y1, word = float(m[1]), float(m[2]), float(m[3]), float(m[4]), m[5]
    assert re.match(r"[\u4e00-\u9fff]", word)
    from PIL import Image

    img = Image.open(f"{png}.png").convert("L")
    scale = 100 / 72
    w = (x1 - x0) / len(word)
    tiles = [img.crop((int((x0 + i * w) * scale), int(y0 * scale), int((x0 + (i + 1) * w) * scale), int(y1 * scale)))
             for i in range(len(word))]
    inked = [t for t in tiles if t.getextrema()[0] < 128]
    assert len(inked) == len(word), "every character is drawn"
    distinct = {t.tobytes() for t in tiles}
    assert len(distinct) >= len(set(word)) - 1, "different characters look different (not boxes)"


@pytest.mark.parametrize("card_id,lang", CASES)
def test_xlsx_formulas_validation_protection(built_site, standards, card_id, lang):
    card = card_of(standards, card_id)
    wb = openpyxl.load_workbook(built_site / lang / "scorecards" / card_id / f"{card_id}.{lang}.xlsx")
    ws = wb.active
    idcol = ws.max_column
    ids = {ws.cell(r, idcol).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, idcol).value}
    assert {c.id for c in card.criteria} <= set(ids)
    first = 4
    for t in card.tasks:
        for j in range(len(card.columns)):  # totals are computed by the rule formulas of the hidden _calc sheet
            assert str(ws.cell(ids[f"total--{t.id}"], first + j).value).startswith("='_calc'!")
    assert str(ws.cell(ids[f"total--{card.id}"], first).value).startswith("='_calc'!")
    assert wb["_calc"].sheet_state == "hidden" and wb["_calc"].protection.sheet
    dv = ws.data_validations.dataValidation
    covered = [c for v in dv for rng in v.sqref.ranges for c in rng.cells]
    assert len(covered) == len(set(covered)) == len(card.criteria) * len(card.columns)
    msgs = " ".join(v.error or "" for v in dv)
    assert ("之间的分数" if lang == "zh" else "Enter a score from 0 to") in msgs or "0 =" in msgs or "0：" in msgs
    assert ws.protection.sheet
    c0 = card.criteria[0]
    assert ws.cell(ids[c0.id], first).protection.locked is False
    assert ws.cell(ids[c0.id], 2).protection.locked is not False
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
    assert ws.print_title_rows and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0  # 1 page wide (1 = default)
    cached = openpyxl.load_workbook(built_site / lang / "scorecards" / card_id / f"{card_id}.{lang}.xlsx",
                                    data_only=True).active
    assert cached.cell(ids[f"total--{card.id}"], first).value == 0  # cached value for viewers that do not recalculate


SAMPLES = {
    "village": {"village-t1-c1--self": 1, "village-t1-c2--self": 0.5, "village-t6-c1--self": 10,
                "village-t3-c3--town-review": 1, "village-t6-c1--county-recheck": 0,
                "village-t5-c1--county-recheck": 1},
    "county": {"county-t1-c1--self": 6.5, "county-t13-c4--self": 7, "county-t24-c4--self": 10,
               "county-t24-c1--county-review": 2.5, "county-t44-c1--county-review": 3},
}


@pytest.mark.parametrize("card_id", ["village", "county"])
def test_xlsx_recalculated_by_libreoffice_matches_html_form(built_site, standards, page, site_url, tmp_path, card_id):
    from office import recalculate

    card = card_of(standards, card_id)
    sample = SAMPLES[card_id]
    src = built_site / "zh" / "scorecards" / card_id / f"{card_id}.zh.xlsx"
    wb = openpyxl.load_workbook(src)
    ws = wb.active
    idcol = ws.max_column
    ids = {ws.cell(r, idcol).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, idcol).value}
    cols = [c.id for c in card.columns]
    kinds = {c.id: c.kind for c in card.criteria}
    for name, v in sample.items():
        cid, col = name.split("--")
        if kinds[cid] == "outcome":  # picked from the cell's list, as in the form
            v = "达到" if v else "未达到"
        ws.cell(ids[cid], 4 + cols.index(col)).value = v
    filled = tmp_path / f"{card_id}.xlsx"
    wb.save(filled)
    recalced = openpyxl.load_workbook(recalculate(filled, tmp_path), data_only=True).active

    page.goto(site_url + f"zh/scorecards/{card_id}/form.html")
    for name, v in sample.items():
        cid = name.split("--")[0]
        crit = next(c for c in card.criteria if c.id == cid)
        if crit.kind == "outcome":
            page.select_option(f'[name="{name}"]', "met" if v else "not-met")
        else:
            page.fill(f'[name="{name}"]', str(v))
    totals = [t.id for t in card.tasks] + [d.id for d in card.domains] + [card.id]
    for item in totals:
        for j, col in enumerate(cols):
            html = float(page.locator(f'[id="total--{item}--{col}"]').inner_text())
            xlsx = recalced.cell(ids[f"total--{item}"], 4 + j).value
            assert float(xlsx) == html, (item, col, xlsx, html)
    assert float(page.locator(f'[id="total--{card.id}--self"]').inner_text()) > 0


def test_unit_packs_hold_only_the_units_criteria(built_site, standards):
    unit = "county-court"
    pdf = built_site / "zh" / "units" / f"{unit}.county.zh.pdf"
    names = {n.split("--")[0] for n in PdfReader(pdf).get_fields() if not n.startswith(("header", "total"))}
    mine = {c.id for c in card_of(standards, "county").criteria if unit in c.units}
    assert names == mine
    page = (built_site / "zh" / "units" / f"{unit}.html").read_text(encoding="utf-8")
    assert f'href="{unit}.county.zh.pdf"' in page and f'href="{unit}.county.zh.html"' in page
    html = (built_site / "en" / "units" / f"{unit}.county.en.html").read_text(encoding="utf-8")
    assert 'data-scope="county-court"' in html


def test_card_pages_link_all_files(built_site):
    for lang in ("zh", "en"):
        overview = (built_site / lang / "scorecards" / "town" / "index.html").read_text(encoding="utf-8")
        for ext in ("pdf", "xlsx", "docx", "html"):
            assert f'href="town.{lang}.{ext}"' in overview
        downloads = (built_site / lang / "downloads.html").read_text(encoding="utf-8")
        assert f"scorecards/village/village.{lang}.xlsx" in downloads
        assert f'data-file="scorecards/village/village&#46;{lang}&#46;docx"' in downloads
        assert f'data-file="sources/s001&#46;{lang}&#46;docx"' in downloads


def test_no_change_rebuild_renders_no_pdf_or_xlsx(tmp_path):
    proj = make_site_project(tmp_path / "proj", FIXTURES / "mini" / "standards")
    run_pingan("build", cwd=proj, check=True)
    cache = proj / ".cache" / "scorecards"
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert any(n.endswith(".pdf") for n in before) and any(n.endswith(".xlsx") for n in before)
    run_pingan("build", cwd=proj, check=True)
    after = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert after == before
    # a text edit re-renders that card's files, and only those
    card = proj / "standards" / "card.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace("每季度召开例会", "每月召开例会"), encoding="utf-8")
    run_pingan("build", cwd=proj, check=True)
    new = set(p.name for p in cache.iterdir()) - set(before)
    assert new and all(n.rsplit(".", 1)[1] in ("pdf", "xlsx", "docx", "html") for n in new)
    assert "每月召开例会" in pdf_text(proj / "site" / "zh" / "scorecards" / "card" / "card.zh.pdf")


def test_fixture_card_with_rules_gets_all_outputs(tmp_path):
    """A card with vetoes, bonus points, deductions and a 0.25 step needs no code changes."""
    proj = make_site_project(tmp_path / "proj", FIXTURES / "mini" / "standards")
    run_pingan("build", cwd=proj, check=True)
    d = proj / "site" / "zh" / "scorecards" / "card"
    assert (d / "card.zh.pdf").is_file() and (d / "card.zh.xlsx").is_file() and (d / "form.html").is_file()
    form = (d / "form.html").read_text(encoding="utf-8")
    assert '"step":0.25' in form and 'name="card-veto1--self"' in form and 'name="card-bonus1--review"' in form
    assert 'data-kind="count"' in form and '"amount":0.25' in form
