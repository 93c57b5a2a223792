"""The hidden formula sheet (``_calc``) read without a tree (:mod:`generator.cardfile.xlsx_formulas`) says
what reading it cell by cell says: on the card as made, as LibreOffice saves it, and on every way a file
can differ from the plain kind — each either read the quick way with the same answer, or read the usual
way. The quick way must be the one taken for the plain files (else it would be dead code)."""
from __future__ import annotations

import io
import re
import zipfile

import pytest

from conftest import ROOT
from generator.cardfile import read_xlsx as reader
from generator.checks.project import load
from generator.render.outputs import Job, render_job
from office import recalculate

CALC = "xl/worksheets/sheet2.xml"


@pytest.fixture(scope="module")
def county():
    s = load(ROOT).standards
    return bytes(render_job(s, Job("", "xlsx", "county", "zh")))


def with_calc(book: bytes, change) -> bytes:
    """The workbook with its ``_calc`` part changed by ``change(xml bytes) -> xml bytes``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        assert "_calc" in src.read("xl/workbook.xml").decode()
        for info in src.infolist():
            data = src.read(info)
            z.writestr(info.filename, change(data) if info.filename == CALC else data)
    return out.getvalue()


def first_formula(xml: bytes) -> re.Match:
    m = re.search(rb'<c r="([A-Z]+[0-9]+)"[^>]*><f>([^<]*)</f>', xml)
    assert m, "the card's _calc sheet has formulas"
    return m


VARIANTS = {
    "as made": lambda x: x,
    "a comment": lambda x: x.replace(b"<sheetData>", b"<sheetData><!-- a note -->", 1),
    "a deleted formula left in a comment": lambda x: x.replace(
        first_formula(x).group(0), b"<!-- " + first_formula(x).group(0) + b"</c> --><c r=\"T5\">", 1),
    "a formula typed over": lambda x: x.replace(first_formula(x).group(0),
                                                b'<c r="' + first_formula(x).group(1) + b'"><v>7</v>', 1),
    "a formula changed": lambda x: x.replace(first_formula(x).group(2), first_formula(x).group(2) + b"+1", 1),
    "an entity in a formula": lambda x: x.replace(first_formula(x).group(2), first_formula(x).group(2)
                                                   + b"&amp;&quot;&#20013;&#x6587;&quot;", 1),
    "the cell twice, then a number": lambda x: x.replace(b"</sheetData>", b"<row r=\"9999\"><c r=\""
                                                          + first_formula(x).group(1) + b"\"><v>3</v></c></row>"
                                                          + b"</sheetData>", 1),
    "a prefixed namespace": lambda x: x.replace(b"<worksheet ", b"<worksheet xmlns:x=\"http://schemas."
                                                b"openxmlformats.org/spreadsheetml/2006/main\" ", 1),
    "CRLF in a formula": lambda x: x.replace(first_formula(x).group(2), first_formula(x).group(2) + b"\r\n", 1),
    "a formula outside the sheet data": lambda x: x.replace(b"</worksheet>", b"<extLst><c r=\"A1\"><f>1</f></c>"
                                                            b"</extLst></worksheet>", 1),
    "a far used range": lambda x: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', x, count=1),
    "not well-formed": lambda x: x.replace(b"</sheetData>", b"<row></sheetData>", 1),
}


def answers(book: bytes, quick: bool, monkeypatch) -> dict:
    monkeypatch.setattr(reader, "formulas", reader.formulas if quick else lambda data, budget: None)
    return reader.read_xlsx(book)


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_formula_sheet_read_quickly_says_what_it_says_cell_by_cell(county, variant, monkeypatch):
    book = with_calc(county, VARIANTS[variant])
    taken = []
    quick = reader.formulas
    monkeypatch.setattr(reader, "formulas", lambda data, budget: taken.append(r := quick(data, budget)) or r)
    got = reader.read_xlsx(book)
    assert got == answers(book, False, monkeypatch), variant
    if variant in ("as made", "a formula changed", "an entity in a formula"):
        assert taken and taken[0] is not None, "the plain sheet is read the quick way"
    if variant == "a formula changed":
        assert [m for _, m in got["problems"]] and "formula changed" in got["problems"][0][1]
    if variant == "a deleted formula left in a comment":
        assert any("formula deleted" in m for _, m in got["problems"]), got["problems"]
    if variant in ("a formula typed over", "the cell twice, then a number"):
        assert any("overwritten with the constant" in m for _, m in got["problems"]), got["problems"]


@pytest.mark.slow  # LibreOffice
def test_a_card_saved_by_libreoffice_is_read_the_quick_way_with_the_same_answer(county, tmp_path, monkeypatch):
    src = tmp_path / "county.xlsx"
    src.write_bytes(county)
    saved = recalculate(src, tmp_path).read_bytes()
    taken = []
    quick = reader.formulas
    monkeypatch.setattr(reader, "formulas", lambda data, budget: taken.append(r := quick(data, budget)) or r)
    got = reader.read_xlsx(saved)
    assert taken and taken[0] is not None and got["problems"] == []
    assert got == answers(saved, False, monkeypatch)
