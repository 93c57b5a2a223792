"""The results report's XLSX unit sheets, whose rows are written in bulk (:mod:`generator.results.xlsx_rows`),
read back by openpyxl cell by cell as the report says: each unit's name, period and rank, each criterion's
id, text, points per column, the review's change and notes — strings as strings (a note or a unit named
``=HYPERLINK(…)`` stays text; ``<``, ``&``, ``]]>``, control characters and ``_x0041_`` come back as sent),
numbers as numbers in their formats, bold headers, wrapped texts, rows as tall as their texts, columns as
wide as their labels, panes frozen, printed on A4 with the header row on every page."""
from __future__ import annotations

import io
import random
import re
import zipfile

import openpyxl
import pytest

import resultset
from cyclefiles import collect, write
from fills import random_fill, with_reasons
from generator.model.fieldnames import notes_field
from generator.render.xlsx_layout import orientation
from generator.results import ranking
from generator.results.report_xlsx import SIZE, _fit, text_height, to_xlsx
from generator.results.store import Store
from generator.scoring.plan import plan_of

UNITS = ["城关镇", '=HYPERLINK("http://evil.invalid","点我")', "<i>河口镇</i> & 山前乡", "北关镇"]
NOTES = ['=HYPERLINK("http://evil.invalid","点我")', "<b>少开3次例会</b> & ]]> \x01\x1f _x0041_ 方案未备案",
         "台账不全，" * 60, " leading and trailing space "]


@pytest.fixture(scope="module")
def report(standards, tmp_path_factory):
    """Four towns filled at random and reviewed (the last self-assessed only: ranked provisionally, its
    sheet has one score column), notes hostile and long on criteria spread over the card."""
    town = standards.get("town")
    plan = plan_of(town)
    crits = [c["id"] for c in plan["criteria"]]
    tmp = tmp_path_factory.mktemp("xlsx")
    files = []
    for i, unit in enumerate(UNITS):
        values = random_fill(plan, random.Random(i), blank=0.2)
        values.update({notes_field(crits[(7 * i + 11 * k) % len(crits)]): note for k, note in enumerate(NOTES)})
        values = with_reasons(plan, values)
        if i == len(UNITS) - 1:
            values = resultset.only(values, ["self", "notes"])
        files.append(write(tmp / "in", f"{i}.json", town, values, unit=unit))
    db = tmp / "r.sqlite"
    collect(db, *files, check=True)
    reports, _ = ranking.build(Store(db), standards, card="town", period="2026", provisional=True)
    r = reports[0]
    r["ranking"][0]["notes"][notes_field(crits[0])] = "\x00\x07控制\x1b字符\ufffe"  # as a reader might let through
    book = to_xlsx(r)
    return r, openpyxl.load_workbook(io.BytesIO(book)), zipfile.ZipFile(io.BytesIO(book))


def shown(value):
    """A string cell's text as an office suite shows it: openpyxl leaves OOXML's escapes of the characters
    XML cannot hold (``_x0007_``) as they are (it reads a literal ``_x0041_``, written ``_x005F_x0041_``)."""
    if not isinstance(value, str):
        return value
    return re.sub(r"_x(00[01][0-9A-F]|FFF[EF])_", lambda m: chr(int(m[1], 16)), value)


def expected(r: dict, x: dict) -> tuple[list[list], list[float], list[float | None]]:
    """A unit sheet's rows of values, its columns' widths and its rows' heights, from the report."""
    cols = [c for c in r["columns"] if c["id"] in x["items"]]
    heads = ["编号\nId", "内容\nText", *(f'{c["title"]["zh"]}\n{c["title"]["en"]}' for c in cols), "备注\nNotes"]
    if len(cols) > 1:
        heads.insert(-1, "审核−自评\nReview − self")
    first, final = x["items"][cols[0]["id"]], x["items"][x["final_column"]]
    ids = list(first)
    widths = [_fit([heads[0], "考核期 Period", *ids], 10, 24), 40, *(_fit([h], 10) for h in heads[2:-1]), 30]
    rows: list[list] = [["单位 Unit", x["unit"]], ["考核期 Period", r["period"]], ["名次 Rank", x["rank"]], [], heads]
    heights: list[float | None] = [None, None, None, None, max(
        text_height(h, w, "zh", SIZE, bold=True) for h, w in zip(heads, widths, strict=True))]
    for id_ in ids:
        text, note = r["names"].get(id_, {"zh": ""})["zh"], x["notes"].get(notes_field(id_), "")
        change = [final.get(id_, 0.0) - first.get(id_, 0.0)] if len(cols) > 1 else []
        rows.append([id_, text, *(x["items"][c["id"]].get(id_, 0.0) for c in cols), *change, note or None])
        heights.append(max(text_height(text, widths[1], "zh", SIZE), text_height(note, widths[-1], "zh", SIZE)))
    return rows, widths, heights


def test_every_unit_sheet_reads_back_as_the_report_says(report):
    r, wb, _ = report
    assert wb.sheetnames[0] == "排名 Ranking" and wb.sheetnames[-1] == "审核 Review"
    assert len(wb.sheetnames) == len(r["ranking"]) + 2
    for i, (ws, x) in enumerate(zip(wb.worksheets[1:-1], r["ranking"], strict=True), 1):
        assert ws.title.startswith(f"{i:02d} ")
        rows, _, _ = expected(r, x)
        assert ws.max_row == len(rows) and ws.max_column == len(rows[4])
        for i, row in enumerate(rows, 1):
            for j in range(1, ws.max_column + 1):
                cell, want = ws.cell(i, j), (row[j - 1] if j <= len(row) else None)
                if isinstance(want, float):  # written with 16 significant digits
                    want = float(f"{want:.16G}")
                assert shown(cell.value) == want, f"{ws.title}!{cell.coordinate}"
                assert cell.data_type == ("n" if isinstance(want, int | float) else "s" if want else "n")


def test_hostile_notes_and_unit_names_stay_text(report):
    r, wb, _ = report
    units = [ws["B1"] for ws in wb.worksheets[1:-1]]
    assert sorted(c.value for c in units) == sorted(UNITS) and {c.data_type for c in units} == {"s"}
    notes = [row[-1] for ws in wb.worksheets[1:-1] for row in ws.iter_rows(min_row=6) if row[-1].value]
    assert {shown(c.value) for c in notes} >= {*NOTES, "\x00\x07控制\x1b字符\ufffe"}
    assert {c.data_type for c in notes} == {"s"}


def test_unit_sheets_look_and_print_as_before(report):
    r, wb, z = report
    for k, (ws, x) in enumerate(zip(wb.worksheets[1:-1], r["ranking"], strict=True), 2):
        rows, widths, heights = expected(r, x)
        last = openpyxl.utils.get_column_letter(len(widths))
        for i, h in enumerate(heights, 1):
            assert ws.row_dimensions[i].height == (None if h is None else pytest.approx(h, abs=0.4)), f"row {i}"
        for j, w in enumerate(widths, 1):
            assert ws.column_dimensions[openpyxl.utils.get_column_letter(j)].width == pytest.approx(w, abs=1)
        assert [ws[c].font.b for c in ("A1", "A2", "A3", "B1", "B3", "A6")] == [True, True, True, False, False, False]
        assert all(c.font.b and c.alignment.wrap_text and c.fill.fgColor.rgb.endswith("DDEBF7") for c in ws[5])
        assert ws["B3"].number_format == "0" and ws["B3"].alignment.horizontal == "center"
        assert {c.number_format for row in ws.iter_rows(6, ws.max_row, 3, len(widths) - 1) for c in row} == {"0.0##"}
        assert all(ws.cell(i, 2).alignment.wrap_text and not ws.cell(i, 1).alignment.wrap_text and
                   (ws.cell(i, len(widths)).alignment.wrap_text or ws.cell(i, len(widths)).value is None)
                   for i in range(6, ws.max_row + 1))
        assert {c.font.name for row in ws.iter_rows() for c in row if c.value is not None} == {"Microsoft YaHei"}
        assert ws.freeze_panes == "C6" and ws.print_title_rows == "$5:$5"
        assert ws.print_area == f"'{ws.title}'!$A$1:${last}${len(rows)}"
        setup = ws.page_setup  # A4, one page wide (fitToWidth 1 is the default, left out), as long as needed
        assert setup.paperSize == 9 and ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth in (None, 1)
        assert setup.fitToHeight == 0 and setup.orientation == orientation(widths)
        assert "&P" in ws.oddFooter.center.text
        sheet = z.read(f"xl/worksheets/sheet{k}.xml").decode()
        assert re.search(r'<dimension ref="([^"]+)"', sheet)[1] == f"A1:{last}{len(rows)}"
