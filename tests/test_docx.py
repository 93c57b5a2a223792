"""Word/WPS documents (DOCX) of scorecards, unit packs and source documents: rows and points in order,
repeating header row, unsplittable rows, East Asian fonts on every run, bookmarks, properties, 附件
label, QR code; LibreOffice converts every DOCX (slow tier). The PDF and browser print: test_print_layout."""
from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from generator import __version__
from generator.render.common import LANGS, fmt_points, load_labels
from generator.render.docx_card import card_document
from generator.render.docx_source import bookmark_name
from generator.render.outputs import jobs, render_job

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CASES = [(card, lang) for card in ("county", "town", "village") for lang in LANGS]


@pytest.fixture(scope="module")
def docx_files(standards, tmp_path_factory) -> dict[str, Path]:
    """Every DOCX the build makes (cards, unit packs, sources; both languages), rendered once."""
    out = tmp_path_factory.mktemp("docx")
    files = {}
    for lang in LANGS:
        for job in (j for j in jobs(standards, lang) if j.kind == "docx"):
            path = out / job.uri.replace("/", "__")
            path.write_bytes(render_job(standards, job))
            files[job.uri] = path
    return files


def texts(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def parts_xml(path: Path) -> list[etree._Element]:
    with zipfile.ZipFile(path) as z:
        return [etree.fromstring(z.read(n)) for n in z.namelist()
                if re.fullmatch(r"word/(document|footer\d*|header\d*)\.xml", n)]


@pytest.mark.parametrize("card_id,lang", CASES)
def test_card_rows_points_and_totals_in_order(standards, docx_files, card_id, lang):
    card, L = standards.get(card_id), load_labels()[lang]
    table = Document(docx_files[f"scorecards/{card_id}/{card_id}.{lang}.docx"]).tables[0]
    head = [("" if lang == "zh" else " ").join(texts(c)) for c in table.rows[0].cells]
    assert head == [L["number"], L["criterion"], L["points"], *[c.title[lang] for c in card.columns], L["notes_col"]]
    body = [[texts(c) for c in r.cells] for r in table.rows[1:]]
    at = 0
    for t in card.tasks:
        for i, c in enumerate(t.criteria, 1):
            at = next(k for k in range(at, len(body)) if body[k][0] == [f"{t.number}.{i}"])
            assert body[at][1][0] == c.text[lang] and body[at][2] == [fmt_points(c.points)], c.id
            assert all(cell == [] for cell in body[at][3:]), "score and notes cells are empty"
    subtotals = [r for r in body if r[1] and r[1][0].startswith(L["subtotal"])]
    assert len(subtotals) == len(card.tasks) + len(card.domains)
    total = next(i for i, r in enumerate(body) if r[1] == [L["grand_total"]])
    assert body[total][2] == [fmt_points(card.total_points)] and body.index(subtotals[-1]) < total
    assert body[total + 1][1] == [L["signoff"]] and len(body) == total + 2 + len(card.columns), \
        "the sign-off block ends the table: its title, then one row per score column"
    assert [r[1][0] for r in body[total + 2:]] == [c.title[lang] for c in card.columns]


@pytest.mark.parametrize("card_id,lang", CASES)
def test_card_header_repeats_rows_do_not_split_no_merges(standards, docx_files, card_id, lang):
    path = docx_files[f"scorecards/{card_id}/{card_id}.{lang}.docx"]
    doc = Document(path)
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (297, 210) and sec.orientation == 1  # A4 landscape
    for table in doc.tables:
        trs = table._tbl.findall(qn("w:tr"))
        assert all(tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for tr in trs)
    head = doc.tables[0]._tbl.findall(qn("w:tr"))
    assert head[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert all(tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for tr in head[1:])
    xml = b"".join(etree.tostring(x) for x in parts_xml(path))
    assert b"gridSpan" not in xml and b"vMerge" not in xml and b"hMerge" not in xml
    assert len(doc.tables) == 1, "bonus items, vetoes, the total and the sign-off are rows of the card's table"
    keep = [tr.find(f"{qn('w:tc')}/{qn('w:p')}/{qn('w:pPr')}/{qn('w:keepNext')}") is not None for tr in head]
    grand = len(head) - 2 - len(standards.get(card_id).columns)
    assert all(keep[grand:-1]) and not keep[-1], "the total and the sign-off rows keep together"


def test_every_run_names_an_east_asian_font(docx_files):
    for uri, path in docx_files.items():
        runs = [r for root in parts_xml(path) for r in root.iter(f"{W}r")]
        assert runs, uri
        missing = [r for r in runs if r.find(f"{W}rPr/{W}rFonts") is None
                   or not r.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia")]
        assert not missing, f"{uri}: {len(missing)} runs without w:eastAsia"


def fonts_of(par) -> set[str]:
    return {r._r.rPr.rFonts.get(qn("w:eastAsia")) for r in par.runs}


def test_chinese_card_uses_office_fonts_and_the_annex_label(docx_files, standards):
    doc = Document(docx_files["scorecards/county/county.zh.docx"])
    first, title = doc.paragraphs[0], doc.paragraphs[1]
    assert first.text.startswith("附件2") and fonts_of(first) == {"黑体"}
    assert title.text == standards.get("county").title.zh and title.alignment == 1  # centred
    assert fonts_of(title) == {"方正小标宋简体"}
    cell = doc.tables[0].rows[3].cells[1].paragraphs[0]
    assert fonts_of(cell) == {"仿宋_GB2312"}
    footer = doc.sections[0].footer.paragraphs[0]
    assert footer.text == "— 1 —" and "PAGE" in etree.tostring(footer._p).decode()
    styles = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert styles.get(qn("w:eastAsia")) == "宋体" and styles.get(qn("w:asciiTheme")) is None
    with zipfile.ZipFile(docx_files["scorecards/county/county.zh.docx"]) as z:
        table = z.read("word/fontTable.xml").decode()
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in table


def test_english_card_uses_a_serif_latin_font(docx_files):
    doc = Document(docx_files["scorecards/town/town.en.docx"])
    run = doc.tables[0].rows[3].cells[1].paragraphs[0].runs[0]._r
    assert run.rPr.rFonts.get(qn("w:ascii")) == "Times New Roman"
    assert doc.paragraphs[0].text.startswith("Annex 2")


def test_unit_pack_holds_the_units_criteria_in_order(standards, docx_files):
    unit, card = "county-court", standards.get("county")
    doc = Document(docx_files[f"units/{unit}.county.zh.docx"])
    numbers = [texts(r.cells[0]) for r in doc.tables[0].rows[1:]]
    mine = [f"{t.number}.{i}" for t in card.tasks for i, c in enumerate(t.criteria, 1) if unit in c.units]
    assert [n[0] for n in numbers if n and "." in n[0]] == mine
    assert standards.unit(unit).name.zh in doc.core_properties.title


def test_downloads_rows_list_every_docx_with_edition_and_checksum(standards):
    from generator.render.downloads import download_rows
    from generator.render.outputs import jobs

    uris = [j.uri for j in jobs(standards, "zh") if j.kind == "docx"]
    info = {uri: {"size": 2048 + i, "sha256": f"{i:064x}"} for i, uri in enumerate(uris)}
    rows = {r["uri"]: r for r in download_rows(standards, "zh", load_labels()["zh"], info)}
    assert set(rows) == set(uris)
    assert rows["sources/s001.zh.docx"]["edition"] == standards.get("s001").edition
    assert rows["scorecards/town/town.zh.docx"]["size"] == "2 KB"
    assert len(rows["units/county-court.county.zh.docx"]["sha256"]) == 64


def test_annex_label_comes_from_the_yaml(standards):
    card = standards.get("village")
    five = Document(io.BytesIO(card_document(standards, dataclasses.replace(card, annex="5"), "zh")))
    assert five.paragraphs[0].text == "附件5"
    none = Document(io.BytesIO(card_document(standards, dataclasses.replace(card, annex=""), "zh")))
    assert none.paragraphs[0].text == card.title.zh, "no label and no empty paragraph without an annex"


@pytest.mark.parametrize("lang", LANGS)
def test_source_blocks_are_bookmarked_headings_and_paragraphs(standards, docx_files, lang):
    for src in standards.sources:
        doc = Document(docx_files[f"sources/{src.id}.{lang}.docx"])
        sec = doc.sections[0]
        assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297), "A4 portrait"
        assert doc.paragraphs[0].text == src.title[lang] and doc.paragraphs[0].alignment == 1
        marked = {}
        for p in doc.paragraphs:
            for b in p._p.findall(qn("w:bookmarkStart")):
                marked[b.get(qn("w:name"))] = p
        cards = [c for c in standards.scorecards if c.source.doc == src.id]
        ids = [b.id for b in src.blocks] or [x.id for c in cards for t in c.tasks for x in (t, *t.criteria)]
        assert ids, src.id
        for block_id in ids:
            assert bookmark_name(block_id) in marked, (src.id, block_id)
        for b in src.blocks:
            par = marked[bookmark_name(b.id)]
            assert par.text == b.text[lang]
            assert all(r.font.size == Pt(16) for r in par.runs), "3号 body and headings"
            if lang == "zh" and b.type == "heading" and b.level in (1, 2):
                assert fonts_of(par) == {"黑体" if b.level == 1 else "楷体"}
            elif lang == "zh" and b.type != "heading":
                assert fonts_of(par) == {"仿宋_GB2312"}


def test_properties_name_the_document(standards, docx_files):
    for uri, path in docx_files.items():
        p = Document(path).core_properties
        lang = "zh" if ".zh." in uri else "en"
        thing = standards.get(p.identifier)
        assert thing is not None and p.version == thing.edition, uri
        assert p.title.startswith(thing.title[lang]) and p.language == ("zh-CN" if lang == "zh" else "en")
        assert f"pingan-standards {__version__}" in p.comments and f"lang={lang}" in p.comments


def test_qr_code_only_when_the_site_address_is_known(standards):
    from generator.render.forms import FormRenderer
    from generator.render.qr import SiteAddress, qr_png

    card = standards.get("village")
    assert not Document(io.BytesIO(card_document(standards, card, "zh"))).inline_shapes
    assert "pingan-qr" not in FormRenderer(standards, "zh").fragment(card)
    site = SiteAddress("https://example.org/pingan/")
    url = site.card_url("village", "en")
    assert url == "https://example.org/pingan/en/scorecards/village/"
    doc = Document(io.BytesIO(card_document(standards, card, "en", address=site)))
    assert len(doc.inline_shapes) == 1
    assert doc.part.package.image_parts._image_parts[0].blob == qr_png(url)
    html = FormRenderer(standards, "en", address=site).fragment(card)
    assert f'data-url="{url}"' in html and "<svg" in html
    edition = SiteAddress("https://example.org/pingan/", "2023")
    assert edition.card_url("village", "zh") == "https://example.org/pingan/editions/2023/zh/scorecards/village/"


# -- slow tier: LibreOffice, pdftoppm, WeasyPrint ------------------------------------------------------
@pytest.fixture(scope="module")
def converted(docx_files, tmp_path_factory) -> dict[str, Path]:
    """Every DOCX converted to PDF by LibreOffice headless (Writer) in one run, with the fonts an office has
    (tests/office-fonts.conf), as an office would print it."""
    from office import to_pdf

    pdfs = to_pdf(list(docx_files.values()), tmp_path_factory.mktemp("lo"))
    return {uri: pdfs[path] for uri, path in docx_files.items()}


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info)[1])


@pytest.mark.slow
def test_libreoffice_converts_every_docx(converted):
    for uri, pdf in converted.items():
        assert pdf.is_file() and pdf_pages(pdf) >= 1, uri


@pytest.mark.slow
@pytest.mark.parametrize("card_id,lang", CASES)
def test_card_pages_render_and_nothing_is_clipped(standards, converted, test_output, card_id, lang):
    pdf = converted[f"scorecards/{card_id}/{card_id}.{lang}.docx"]
    n = pdf_pages(pdf)
    for page in sorted({1, n}):
        png = test_output / f"{card_id}.{lang}.docx.page{page}"
        subprocess.run(["pdftoppm", "-r", "60", "-f", str(page), "-l", str(page), "-png", "-singlefile", str(pdf),
                        str(png)], check=True)
        assert Path(f"{png}.png").stat().st_size > 5000
    layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    notes = load_labels()[lang]["notes_col"]
    pages = layout.split("\f")[:n]
    # the last column's header is on every page that has the table: the header row repeats, uncut
    table_pages = [p for p in pages if load_labels()[lang]["criterion"] in p]
    assert table_pages and all(notes.split()[0] in p for p in table_pages)
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', bbox)[1])
    right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox))
    assert right <= width - 20, "no text runs into or beyond the right margin"
    flat = re.sub(r"[\s-]+", "", layout)
    for c in standards.get(card_id).criteria:
        assert re.sub(r"[\s-]+", "", c.text[lang])[:30] in flat, c.id


def _flat(text: str) -> str:
    return re.sub(r"[\s-]+", "", text)


def _page_of(pages, text: str, after: int = 0) -> int:
    """The first page (from ``after``) whose text holds ``text`` (white space and hyphens ignored)."""
    want = _flat(text)
    return next(p.number for p in pages[after:] if want in _flat(p.flat))


@pytest.mark.slow
@pytest.mark.parametrize("card_id,lang", CASES)
def test_printed_card_keeps_headings_with_criteria_and_the_total_with_the_signoff(standards, converted, card_id,
                                                                                  lang):
    """Printed by LibreOffice: no domain or task heading is the last row of a page (it stands on the page
    of its first criterion), the sign-off block is on the page of the total score, every column header
    is whole (县审核得分 on one line, not 县审核得 / 分) and no text runs over a border."""
    from generator.render.textfit import pieces
    from pdflayout import cut_words, pages, whole

    card, L = standards.get(card_id), load_labels()[lang]
    printed = pages(converted[f"scorecards/{card_id}/{card_id}.{lang}.docx"])
    at = 0
    for d in card.domains:
        at = _page_of(printed, d.title[lang], at) - 1
        assert _page_of(printed, d.tasks[0].title[lang], at) == at + 1, f"domain {d.id} stranded on page {at + 1}"
    at = 0
    for t in card.tasks:
        at = _page_of(printed, t.title[lang], at) - 1
        first = t.criteria[0].text[lang][:20]
        assert _page_of(printed, first, at) == at + 1, f"task {t.id}'s heading stranded on page {at + 1}"
    last = printed[-1]
    assert whole(last, L["signoff"].split()[0]) and _flat(L["grand_total"]) in _flat(last.flat), \
        "the sign-off block is on the page of the total score"
    heads = [L["number"], L["criterion"], L["points"], *[c.title[lang] for c in card.columns], L["notes_col"]]
    for page in (p for p in printed if whole(p, L["criterion"])):
        broken = [x for h in heads for x in pieces(h) if not whole(page, x.strip())]
        assert not broken, f"page {page.number}: headers broken inside {broken}"
    cut = [w for page in printed for w in cut_words(page)]
    assert not cut, f"{len(cut)} words run over a border: {cut[:5]}"


def test_yaml_text_lands_as_text(standards):
    """Markup-like text and characters XML cannot hold do not break the document."""
    card = standards.get("village")
    task = card.tasks[0]
    crit = dataclasses.replace(task.criteria[0], text=dataclasses.replace(task.criteria[0].text,
                                                                         zh="<w:b/> & </w:t>\x01\x0b末"))
    task = dataclasses.replace(task, criteria=(crit, *task.criteria[1:]))
    odd = dataclasses.replace(card, tasks=(task, *card.tasks[1:]),
                              title=dataclasses.replace(card.title, zh="A & B <c>"))
    doc = Document(io.BytesIO(card_document(standards, odd, "zh")))
    cells = [texts(r.cells[1]) for r in doc.tables[0].rows]
    assert ["<w:b/> & </w:t>末"] in [c[:1] for c in cells]
    assert doc.paragraphs[1].text == "A & B <c>" and doc.core_properties.title == "A & B <c>"


@pytest.mark.parametrize("text", ["一、 扣分理由", "  leading and trailing  ", "tab\there", "line one\nline two",
                                  "cr\r\nlf", "\n", "a\x01b<&>", "\t\t"])
def test_a_run_holds_its_text_as_python_docx_would(text):
    """Runs are filled without python-docx's per-character machine; Word reads the same elements."""
    from docx.text.paragraph import Paragraph

    from generator.render.docx_common import NOT_XML, add_run, run_xml
    ours, theirs = Document().add_paragraph(), Document().add_paragraph()
    add_run(ours, text, "text", "zh", 12)
    add_run(theirs, "", "text", "zh", 12).text = NOT_XML.sub("", text)
    assert etree.tostring(ours._p) == etree.tostring(theirs._p)
    assert Paragraph(ours._p, None).text == Paragraph(theirs._p, None).text
    joined = etree.fromstring(f'<w:r xmlns:w="{qn("w:r")[1:].split("}")[0]}">{run_xml(text)}</w:r>')
    theirs._p[-1].remove(theirs._p[-1][0])  # the run's properties
    c14n = {"method": "c14n", "exclusive": True}
    assert etree.tostring(joined, **c14n) == etree.tostring(theirs._p[-1], **c14n)  # the feedback sheets' runs
