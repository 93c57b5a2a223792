"""The XLSX reader's quick cell loop against the plain way of reading a sheet, on varied generated cards:
shared and inline (rich) strings, formulas with shared ones, dates, times and durations by style or
``t="d"``, booleans, errors, empty styled cells, cells and rows without a reference, the card's rows in
any order, and text typed right of the ID column. Whatever the sheet holds, ``read_xlsx`` must say what it
says when every cell is read the plain way (``reference_cells`` below, the reader before it was made
quicker), whether the sheet is parsed whole or streamed."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl.formula.translate import Translator
from openpyxl.utils.datetime import CALENDAR_MAC_1904, from_excel, from_ISO8601

from generator.cardfile import xlsx_parts
from generator.cardfile.read_xlsx import read_xlsx
from generator.cardfile.xlsx_parts import coordinate
from test_xlsx_reader import MAIN, workbook

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
STRINGS = ["五", "七 分", "a_b", "c2"]  # test_xlsx_reader.STRINGS as read
DATES, DURATIONS = {1, 2, 4}, {4}  # test_xlsx_reader.STYLES: 1, 2 and 4 dates or times, 4 a duration


def reference_cells(book, part: str) -> dict:
    """Every cell that holds something, read one by one the plain way (the test's 1904 date system)."""
    root = ET.fromstring(book.z.read(part))
    cells, shared, row_no = {}, {}, 0
    for row in root.iter(M + "row"):
        row_no, col = int(row.get("r") or row_no + 1), 0
        for c in row:
            ref = c.get("r")
            r, col = coordinate(ref) if ref else (row_no, col + 1)
            v = plain_value(c, ref, shared)
            if v is not None:
                cells[(r, col)] = v
    return cells


def plain_value(c, ref, shared):
    f, kind, text = c.find(M + "f"), c.get("t", "n"), c.findtext(M + "v")
    if f is not None:
        if f.get("t") == "shared" and f.get("si") in shared:
            return shared[f.get("si")].translate_formula(ref)
        if f.get("t") == "shared" and f.text:
            shared[f.get("si")] = Translator("=" + f.text, ref)
        return "=" + (f.text or "")
    if kind == "inlineStr":
        s = c.find(M + "is")
        return None if s is None else (s.findtext(M + "t") or "") + "".join(
            r.findtext(M + "t") or "" for r in s.iter(M + "r"))
    if not text:
        return None
    if kind == "s":
        return STRINGS[int(text)]
    if kind == "b":
        return bool(int(text))
    if kind == "d":
        return from_ISO8601(text)
    if kind != "n":
        return text
    n = float(text) if "." in text or "E" in text or "e" in text else int(text)
    style = int(c.get("s") or 0)
    return from_excel(n, CALENDAR_MAC_1904, timedelta=style in DURATIONS) if style in DATES else n


VALUES = st.sampled_from([  # (attributes, content)
    ("", "<v>5</v>"), ("", "<v>2.50</v>"), ("", "<v>1E2</v>"), ("", "<v>-3</v>"), (' s="1"', "<v>46000</v>"),
    (' s="2"', "<v>0.5</v>"), (' s="4"', "<v>1.5</v>"), (' s="3"', "<v>7</v>"), (' t="s"', "<v>1</v>"),
    (' t="s"', "<v>2</v>"), (' t="b"', "<v>0</v>"), (' t="d"', "<v>2026-03-01T00:00:00</v>"),
    (' t="str"', "<v>abc</v>"), (' t="e"', "<v>#N/A</v>"), (' s="5"', ""), ("", "<v></v>"),
    (' t="inlineStr"', "<is><t>手填</t></is>"), (' t="inlineStr"', "<is><r><t>a</t></r><r><t> b</t></r></is>"),
    (' t="inlineStr"', ""), ("", "<f>SUM(B1:B2)</f><v>3</v>"), ("", '<f>A1&amp;"x"</f>'),
    (' t="inlineStr"', "<v>9</v>"), ("", "<is><t>no type</t></is>"), (' t="n"', "<v>4</v><v>5</v>"),
    (' t="inlineStr"', "<v>1</v><is><t>x</t></is>"), ("", "<v></v><f>B1</f>")])


def cell(ref: str | None, attributes: str, content: str) -> str:
    return (f'<c r="{ref}"' if ref else "<c") + f"{attributes}>{content}</c>"


@st.composite
def cards(draw):
    """A card's sheet: title row, hidden row of column ids, then item rows (any order), id in column D."""
    items = draw(st.lists(st.sampled_from(["c2", "c4", "c5", "c6", "c8", "c9", "c10"]), min_size=1, max_size=7,
                          unique=True))
    rows = ['<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row>',
            '<row r="2"><c r="B2" t="inlineStr"><is><t>self</t></is></c><c r="C2" t="inlineStr"><is><t>review'
            '</t></is></c><c r="D2" t="inlineStr"><is><t>id</t></is></c></row>']
    shared = 0
    for i, item in enumerate(items, start=3):
        refs = draw(st.booleans())  # cells without r= are placed one after the other
        body = []
        for col in "BC":
            if refs and draw(st.integers(0, 9)) == 0:  # a shared formula across B:C (cells with r= only)
                body.append(cell(f"{col}{i}" if refs else None, "",
                                 f'<f t="shared" ref="B{i}:C{i}" si="{shared}">A{i}*2</f>' if col == "B"
                                 else f'<f t="shared" si="{shared}"/>'))
            else:
                body.append(cell(f"{col}{i}" if refs else None, *draw(VALUES)))
        shared += 1
        body.append(cell(f"D{i}" if refs else None, ' t="inlineStr"', f"<is><t>{item}</t></is>"))
        if draw(st.integers(0, 7)) == 0:  # typed right of the ID column
            body.append(cell(f"E{i}" if refs else None, ' t="inlineStr"', "<is><t>右边</t></is>"))
        row_ref = f' r="{i}"' if refs or draw(st.booleans()) else ""
        rows.append(f"<row{row_ref}>{''.join(body)}</row>")
    return rows


@pytest.mark.parametrize("whole", [True, False])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=cards())
def test_quick_cells_read_what_the_plain_way_reads(rows, whole, monkeypatch):
    monkeypatch.setattr(xlsx_parts, "WHOLE_PART", 2 << 20 if whole else 0)
    data = workbook(rows, strings=f'<sst {MAIN}>' + "".join(
        f"<si><t>{s}</t></si>" for s in ["五", "七 分", "a_x005F_b", "c2"]) + "</sst>")
    got = read_xlsx(data)
    with monkeypatch.context() as m:
        m.setattr(xlsx_parts.Book, "cells", reference_cells)
        expected = read_xlsx(data)
    assert got == expected and got["problems"][0][0] == "_pingan"  # read, not refused
