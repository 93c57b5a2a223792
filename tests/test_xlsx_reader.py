"""The XLSX reader on workbooks as other programs write them: every way a cell can hold its value
(shared strings with rich-text runs, inline strings, ``t="str"`` results, booleans, errors, dates and
times as serial numbers with a date style, ``t="d"``, durations, a 1904 date system, shared formulas,
cells without a reference), and damaged or oversized workbooks, each refused in one line.

The expected values and messages were recorded from the reader the project used before (openpyxl's
read-only parser, after a regular-expression scan for the limits) on the same workbooks, but for two
limits it did not have: a cell without a reference (``<c>``) in a row beyond 20,000, which it read, and
the count of XML tags."""
from __future__ import annotations

import io
import zipfile

import pytest

from generator.cardfile.read_xlsx import read_xlsx

MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STYLES = (f'<styleSheet {MAIN}><numFmts count="2"><numFmt numFmtId="164" formatCode="0.##"/>'
          '<numFmt numFmtId="165" formatCode="[h]:mm:ss"/></numFmts><fonts count="1"><font><sz val="11"/></font></fonts>'
          '<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>'
          '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="5">'
          + "".join(f'<xf numFmtId="{n}" fontId="0" fillId="0" borderId="0" xfId="0"/>' for n in (0, 14, 20, 164, 165))
          + '</cellXfs></styleSheet>')
STRINGS = (f'<sst {MAIN} count="4" uniqueCount="4"><si><t>五</t></si>'
           '<si><r><rPr><b/></rPr><t>七</t></r><r><t xml:space="preserve"> 分</t></r><rPh sb="0" eb="1"><t>qi</t></rPh></si>'
           '<si><t>a_x005F_b</t></si><si><t>c2</t></si></sst>')

# (row, cells): the card's rows; the last column holds each row's id, row 2 the columns' ids.
SHEET_ROWS = [
    '<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row>',
    '<row r="2"><c r="B2" t="inlineStr"><is><t>self</t></is></c><c r="C2" t="inlineStr"><is><t>review</t></is></c>'
    '<c r="D2" t="inlineStr"><is><t>id</t></is></c></row>',
    '<row r="3"><c r="B3" s="3"><v>5</v></c><c r="C3" t="s"><v>1</v></c><c r="D3" t="s"><v>3</v></c></row>',
    '<row r="4"><c r="B4" t="b"><v>1</v></c><c r="C4"><v>2.50</v></c><c r="D4" t="inlineStr"><is><t>c4</t></is></c>'
    '</row>',
    '<row r="5"><c r="B5" s="1"><v>46000</v></c><c r="C5" s="2"><v>0.5</v></c><c r="D5" t="inlineStr"><is><t>c5</t>'
    '</is></c></row>',
    '<row r="6"><c r="B6" t="str"><v>abc</v></c><c r="C6" t="e"><v>#N/A</v></c><c r="D6" t="inlineStr"><is><t>c6</t>'
    '</is></c></row>',
    '<row r="7"><c r="B7"><f t="shared" ref="B7:C7" si="0">A7&amp;"x"</f><v>x</v></c><c r="C7"><f t="shared" si="0"/>'
    '<v>x</v></c><c r="D7" t="inlineStr"><is><t>c7</t></is></c></row>',
    '<row r="8"><c r="B8" t="inlineStr"><is><t>a_x005F_b</t></is></c><c r="C8" t="s"><v>2</v></c>'
    '<c r="D8" t="inlineStr"><is><t>c8</t></is></c></row>',
    '<row r="9"><c/><c><v>1E2</v></c><c t="d"><v>2026-03-01T00:00:00</v></c><c t="inlineStr"><is><t>c9</t></is></c>'
    '</row>',
    '<row><c r="B10" s="4"><v>1.5</v></c><c r="C10" s="1"><v>46000.75</v></c><c r="D10" t="inlineStr"><is><t>c10</t>'
    '</is></c></row>',
]
EXPECTED = {
    "c2--self": "5", "c2--review": "七 分",
    "c4--self": "TRUE", "c4--review": "2.5",
    "c5--self": "2029-12-10", "c5--review": "12:00:00",
    "c6--self": "abc", "c6--review": "#N/A",
    "c8--self": "a_x005F_b", "c8--review": "a_b",
    "c9--self": "100", "c9--review": "2026-03-01",
    "c10--self": "1 day, 12:00:00", "c10--review": "2029-12-10 18:00:00",
}
EXPECTED_PROBLEMS = [("c7--self", 'a formula (=A7&"x") in an input cell: type the value instead'),
                     ("c7--review", 'a formula (=B7&"x") in an input cell: type the value instead')]


def workbook(sheet_rows=SHEET_ROWS, *, strings: str = STRINGS, parts: dict | None = None,
             date1904: bool = True, stored: bool = False) -> bytes:
    """A workbook of one sheet as an office suite writes it (no ``_pingan``: it names its card in the
    document's description)."""
    sheet = f'<worksheet {MAIN}><dimension ref="A1:D10"/><sheetData>{"".join(sheet_rows)}</sheetData></worksheet>'
    files = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "xl/workbook.xml": f'<workbook {MAIN} xmlns:r="{REL}"><workbookPr date1904="{int(date1904)}"/><sheets>'
        '<sheet name="卡" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        '</Relationships>',
        "docProps/core.xml": '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description>pingan-scorecard/1 card=rules '
        'edition=1 lang=zh</dc:description></cp:coreProperties>',
        "xl/styles.xml": STYLES, "xl/sharedStrings.xml": strings, "xl/worksheets/sheet1.xml": sheet,
    }
    files.update(parts or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            if text is not None:
                z.writestr(name, text)
    return buf.getvalue()


@pytest.fixture(params=["whole", "streamed"])
def sheets_read(request, monkeypatch):
    """Both ways a sheet is read: parsed whole (up to 2 MB) or streamed a row at a time (bigger)."""
    from generator.cardfile import xlsx_parts

    if request.param == "streamed":
        monkeypatch.setattr(xlsx_parts, "WHOLE_PART", 0)


def test_every_way_a_cell_holds_its_value(sheets_read):
    got = read_xlsx(workbook())
    assert (got["card"], got["edition"], got["lang"]) == ("rules", "1", "zh")
    assert got["values"] == EXPECTED
    assert got["problems"][0][0] == "_pingan"
    assert got["problems"][1:] == EXPECTED_PROBLEMS


def test_the_1900_date_system():
    got = read_xlsx(workbook(date1904=False))["values"]
    assert (got["c5--self"], got["c10--review"]) == ("2025-12-09", "2025-12-09 18:00:00")


def one_line(data: bytes) -> str:
    got = read_xlsx(data)
    assert got["values"] == {} and len(got["problems"]) == 1 and got["problems"][0][0] == "file", got["problems"]
    assert "\n" not in got["problems"][0][1]
    return got["problems"][0][1]


@pytest.mark.parametrize("change,message", [
    ({"xl/worksheets/sheet1.xml": "<worksheet><sheetData><row>"}, "(ParseError: no element found: line 1"),
    ({"xl/worksheets/sheet1.xml": f"<worksheet {MAIN}><sheetData><row><c r='A1'><v>x</v></c></row></sheetData>"
                                  "</worksheet>"}, "(ValueError: invalid literal for int() with base 10: 'x')"),
    ({"xl/workbook.xml": None}, "(KeyError: \"There is no item named 'xl/workbook.xml' in the archive\")"),
    ({"[Content_Types].xml": None}, "There is no item named '[Content_Types].xml'"),
    ({"xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                                    'relationships"/>'}, "(KeyError: 'rId1')"),
    ({"xl/sharedStrings.xml": f"<sst {MAIN}><si><t>only one</t></si></sst>"}, "(IndexError: list index out of range)"),
])
def test_a_damaged_workbook_is_one_line(change, message):
    assert one_line(workbook(parts=change)).startswith("not a readable XLSX workbook ") and message in one_line(
        workbook(parts=change))


def test_limits_are_kept_while_reading(sheets_read):
    many = f"<sst {MAIN}>" + "<si/>" * 200_001 + "</sst>"
    assert one_line(workbook(strings=many, stored=True)) == ("refused unread: the workbook holds over 200,000 texts (a scorecard "
                                                "has a few thousand)")
    cells = SHEET_ROWS + [f"<row r='{11 + i}'>" + "<c/>" * 100 + "</row>" for i in range(2001)]
    assert "holds over 200,000 cells" in one_line(workbook(cells, stored=True))
    far = SHEET_ROWS + ['<row r="20001"><c t="inlineStr"><is><t>x</t></is></c></row>']
    assert one_line(workbook(far)).startswith("refused unread: a sheet reaches cell A20001 (a scorecard stays "
                                              "within 20,000 rows and 200 columns)")
    wide = ['<row r="1"><c r="GS1"><v>1</v></c></row>']
    assert "a sheet reaches cell GS1 " in one_line(workbook(wide))
    declared = {"xl/worksheets/sheet1.xml": f'<worksheet {MAIN}><dimension ref="A1:XFD1048576"/><sheetData/>'
                                            '</worksheet>'}
    assert "a sheet reaches used range A1:XFD1048576 " in one_line(workbook(parts=declared))
    both = {"xl/worksheets/sheet1.xml": f'<worksheet {MAIN}><dimension ref="A1:XFD1048576"/><sheetData><row r="1048576">'
                                        '<c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'}
    assert "a sheet reaches cell XFD1048576 " in one_line(workbook(parts=both))  # the cell, as it is what to delete


def test_markup_is_counted_before_it_is_parsed(monkeypatch, sheets_read):
    """Tags that are no cells (empty rows, say) are bounded too: counted chunk by chunk as read."""
    from generator.cardfile import xlsx_limits

    rows = SHEET_ROWS + ["<row/>"] * 5000
    assert read_xlsx(workbook(rows))["values"] == EXPECTED
    monkeypatch.setattr(xlsx_limits, "MAX_MARKUP", 5000)
    assert one_line(workbook(rows)) == ("refused unread: the workbook holds over 5,000 XML tags and attributes (a "
                                        "scorecard has about 100,000)")
