"""The XLSX report of one card and period (XlsxWriter): a ranking sheet and one sheet per unit.

Every text from a submission goes through ``write_string`` (a unit named ``=HYPERLINK(…)`` stays text)
and the workbook is opened with ``strings_to_formulas`` off. The only formulas are ours, over numbers:
the difference between each unit's final score and its self-assessment on the ranking sheet.

Every sheet prints on A4, one page wide, its header row on every page, "— N —" at the foot (the
ranking in landscape); columns are as wide as their labels and names need and the header row as tall
as its wrapped labels (:mod:`generator.render.xlsx_layout`), since office suites do neither on opening.
"""
from __future__ import annotations

import io
import re
import unicodedata
from functools import lru_cache

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ..cardfile.contract import notes_field
from ..cardfile.untrusted import HIDDEN
from ..render import xlsx_layout as layout
from ..render.textfit import em, widest_piece
from .xlsx_rows import Cells, RowsSheet, add_rows_sheet, number, numbers, numbers_template, xf

FONT = {"font_name": "Microsoft YaHei", "font_charset": 134, "font_size": 10}
SIZE = 10
HEAD = 3  # the ranking's header row
# a row's height for a text and width: the same criterion texts recur on every unit's sheet
text_height = lru_cache(maxsize=8192)(layout.text_height)


def sheet_name(i: int, unit: str, used: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of []:*?/\\) for a unit."""
    unit = "".join(c for c in unit if unicodedata.category(c) not in HIDDEN)  # no control or invisible characters
    base = re.sub(r"[\[\]:*?/\\']", "_", f"{i:02d} {unit}").strip()[:31] or f"{i:02d}"
    name, n = base, 1
    while name.lower() in used:
        n += 1
        name = f"{base[:27]} ({n})"
    used.add(name.lower())
    return name


def _fit(texts: list[str], least: float, most: float = 60) -> float:
    """A column as wide as the widest piece of its header (a line per language) and its longest value."""
    need = max([0.0, *(widest_piece(t) for t in texts[0].split("\n")), *(em(t) for t in texts[1:])])
    return min(most, max(least, layout.width_for(need * 1.06, SIZE)))  # 1.06: the bold header


def _head_row(ws, r: int, heads: list[str], widths: list[float], f: dict) -> None:
    for j, h in enumerate(heads):
        ws.write_string(r, j, h, f["head"])
    ws.set_row(r, max(text_height(h, w, "zh", SIZE, bold=True) for h, w in zip(heads, widths, strict=True)))


def _ranking(ws, r: dict, f: dict) -> None:
    cols = r["columns"]
    heads = ["名次\nRank", "单位\nUnit"] + [f'{c["title"]["zh"]}\n{c["title"]["en"]}' for c in cols] + \
        ["最终得分\nFinal", "最终−自评\nFinal − self", "等次\nGrade", "一票否决\nVetoes"]
    grades = {g["id"]: f'{g["title"]["zh"]} {g["title"]["en"]}' for g in r["grades"]}
    units = [x["unit"] for x in r["ranking"]]
    n = len(cols)
    widths = [_fit([heads[0], "考核期 Period"], 6), _fit([heads[1], *units], 16, 40),
              *[_fit([h], 11) for h in heads[2:n + 4]], _fit([heads[n + 4], *grades.values()], 12, 24), 36]
    for j, w in enumerate(widths):
        ws.set_column(j, j, w)
    title = f'{r["title"]["zh"]} {r["title"]["en"]}'
    ws.merge_range(0, 0, 0, len(widths) - 1, title, f["title"])
    ws.set_row(0, text_height(title, sum(widths), "zh", 14, bold=True))
    ws.write_string(1, 0, "考核期 Period", f["label"])
    ws.write_string(1, 1, r["period"], f["text"])
    _head_row(ws, HEAD, heads, widths, f)
    for i, x in enumerate(r["ranking"], HEAD + 1):
        ws.write_number(i, 0, x["rank"], f["int"])
        ws.write_string(i, 1, x["unit"], f["wrap"])
        for j, c in enumerate(cols, 2):
            if c["id"] in x["columns"]:
                ws.write_number(i, j, x["columns"][c["id"]], f["num"])
        ws.write_number(i, n + 2, x["final"], f["prov"] if x.get("provisional") else f["num"])
        if cols[0]["id"] in x["columns"]:
            ws.write_formula(i, n + 3, f"={xl_rowcol_to_cell(i, n + 2)}-{xl_rowcol_to_cell(i, 2)}", f["num"],
                             x["final"] - x["columns"][cols[0]["id"]])
        ws.write_string(i, n + 4, grades.get(x["grade"], x["grade"] or ""), f["text"])
        vetoes = "; ".join(f'{v["text"]["zh"]} {v["text"]["en"]}' for v in x["vetoes"])
        ws.write_string(i, n + 5, vetoes, f["wrap"])
        ws.set_row(i, max(text_height(vetoes, widths[-1], "zh", SIZE),
                          text_height(x["unit"], widths[1], "zh", SIZE)))
    ws.freeze_panes(HEAD + 1, 2)
    last = _cycle_notes(ws, r, f, HEAD + len(r["ranking"]) + 1, len(widths))
    layout.page_setup(ws, widths, last, HEAD, landscape=True)


def _cycle_notes(ws, r: dict, f: dict, row: int, ncols: int) -> int:
    """Below the ranking, one merged line each: the sign-off, what a provisional (orange, italic) final means,
    the units awaiting review with their self score, the conflicts, who is missing. Returns the last row."""
    so = r.get("signed_off")
    lines = [f'已签发 Signed off {so["at"]} · 校验值 checksum {so["checksum"]}' if so else "未签发 Not signed off"]
    if any(x.get("provisional") for x in r["ranking"]):
        lines.append(f'暂定 Provisional: 斜体最终得分尚无 {r["final_column"]}，按已有的最新一轮排名 (italic finals: '
                     f'ranked on their latest stage, no {r["final_column"]} yet)')
    for x in r["awaiting_review"]:
        own = "" if x["self"] is None else f' 自评 self {x["self"]:g}'
        lines.append(f'待审核 Awaiting review ({x["status"]}): {x["unit"]}{own}')
    for c in r["conflicts"]:
        lines.append(f'冲突 Conflict: {c["unit"]} {c["column"]}: ' + "; ".join(
            f'{v["total"]:g} ({v["file"]}, r{v["revision"]})' for v in c["versions"]))
    for a in r.get("altered", []):
        lines.append(f'未计入的改动副本 Altered copy, not counted: {a["unit"]} {a["column"]}: ' + "; ".join(
            f'{v["total"]:g} ({v["file"]}, {v["filler"]})' for v in a["copies"]))
    if r.get("missing"):
        lines.append("未报送 Missing: " + "、".join(r["missing"]))
    for i, text in enumerate(lines, row):
        ws.merge_range(i, 0, i, ncols - 1, "", f["wrap"])
        ws.write_string(i, 0, text, f["wrap"])
    return row + len(lines) - 1


ROLES = {"self-assessment": "自评 Self-assessment", "review": "审核 Review", "re-check": "复核 Re-check"}


def _review(ws, r: dict, f: dict) -> None:
    """Each ranked unit in review: status, every stage's total under its role, the review gap (final − self),
    the evidence count and the points lost in review with the reasons (criteria by number)."""
    from .feedback import evidence_count
    from .standing import self_column_of

    cols, self_col = r["columns"], self_column_of(r)
    heads = ["单位\nUnit", "状态\nStatus"] + \
        [f'{c["title"]["zh"]}\n{ROLES.get(c["role"], c["role"])}' for c in cols] + \
        ["最终−自评\nFinal − self", "台账数\nEvidence", "审核失分及理由\nPoints lost in review, with reasons"]
    units = [x["unit"] for x in r["ranking"]]
    widths = [_fit([heads[0], *units], 16, 40), 12, *[_fit([h], 11) for h in heads[2:-1]], 60]
    for j, w in enumerate(widths):
        ws.set_column(j, j, w)
    _head_row(ws, 0, heads, widths, f)
    n = len(cols)
    for i, x in enumerate(r["ranking"], 1):
        ws.write_string(i, 0, x["unit"], f["wrap"])
        ws.write_string(i, 1, x["status"] + (" (provisional)" if x.get("provisional") else ""), f["text"])
        for j, c in enumerate(cols, 2):
            if c["id"] in x["columns"]:
                ws.write_number(i, j, x["columns"][c["id"]], f["num"])
        if self_col != x["final_column"] and self_col in x["columns"]:
            ws.write_number(i, n + 2, x["final"] - x["columns"][self_col], f["num"])
        ws.write_number(i, n + 3, evidence_count(x), f["int"])
        lost = "\n".join(f'{d["number"] or d["id"]} −{d["lost"]:g} {d["reason"] or "（未说明理由 no reason）"}'
                         for d in x["lost"])
        ws.write_string(i, n + 4, lost, f["wrap"])
        ws.set_row(i, max(text_height(lost, widths[-1], "zh", SIZE), text_height(x["unit"], widths[0], "zh", SIZE)))
    ws.freeze_panes(1, 1)
    layout.page_setup(ws, widths, len(r["ranking"]), 0, landscape=True)


class _Shape:
    """What the sheets of units with the same columns and criteria share, made once per report: the
    columns' widths, the header row, and each criterion row's id and text cells with its row's height."""

    def __init__(self, ws: RowsSheet, r: dict, heads: list[str], ids: list[str], f: dict, cells: Cells) -> None:
        self.n, self.ids = len(heads), ids
        self.widths = [_fit([heads[0], "考核期 Period", *ids], 10, 24), 40, *[_fit([h], 10) for h in heads[2:-1]], 30]
        self.head = ws.row(4, f"1:{self.n}", max(text_height(h, w, "zh", SIZE, bold=True) for h, w in
                                                 zip(heads, self.widths, strict=True)),
                           "".join(cells.string(xl_rowcol_to_cell(4, j), h, f["head"]) for j, h in enumerate(heads)))
        letters = [xl_col_to_name(j) for j in range(self.n)]
        self.cells, self.note, self.notes, self.least, self.empty = [], [], [], [], []
        wrap = xf(f["wrap"])
        for i, id_ in enumerate(ids, 6):  # the row as Excel numbers it
            text = r["names"].get(id_, {"zh": ""})["zh"]
            self.cells.append(cells.string(f"A{i}", id_, f["text"]) + cells.string(f"B{i}", text, f["wrap"]) +
                              numbers_template([f"{c}{i}" for c in letters[2:-1]], f["num"]))
            self.note.append(f'<c r="{letters[-1]}{i}" s="{wrap}" t="s"><v>')
            self.notes.append(notes_field(id_))
            self.least.append(text_height(text, self.widths[1], "zh", SIZE))
            self.empty.append(max(self.least[-1], text_height("", self.widths[-1], "zh", SIZE)))
        self.strings = self.n + 2 * len(ids)  # shared strings used again by every other unit of the shape
        self.uses = 0

    def rows(self, ws: RowsSheet, x: dict, columns: list[str], cells: Cells) -> str:
        """The unit's criterion rows: its points per column, the review's change, its notes."""
        self.uses += 1
        if self.uses > 1:
            cells.reused(self.strings)
        items = [x["items"][c] for c in columns]
        change = (items[0], x["items"][x["final_column"]]) if len(columns) > 1 else None
        made, noted, notes = [], {0}, x["notes"]
        for k, id_ in enumerate(self.ids):
            values = [it.get(id_, 0.0) for it in items]
            if change:
                values.append(change[1].get(id_, 0.0) - change[0].get(id_, 0.0))
            xml, note = numbers(self.cells[k], values), notes.get(self.notes[k])
            if note:
                xml += f"{self.note[k]}{cells.index(note)}</v></c>"
                noted.add((k + 5) // 16)
                made.append((k + 5, max(self.least[k], text_height(note, self.widths[-1], "zh", SIZE)), xml))
            else:
                made.append((k + 5, self.empty[k], xml))
        return self.head + "".join(ws.row(i, f"1:{self.n if i // 16 in noted else self.n - 1}", h, xml)
                                   for i, h, xml in made)


def _unit(ws: RowsSheet, r: dict, x: dict, f: dict, shapes: dict, cells: Cells) -> None:
    """One unit's sheet: every criterion's points per filled column, the review's change and the notes;
    ``shapes`` keeps what the units of one report with the same columns and criteria share."""
    cols = [c for c in r["columns"] if c["id"] in x["items"]]
    heads = ["编号\nId", "内容\nText"] + [f'{c["title"]["zh"]}\n{c["title"]["en"]}' for c in cols] + ["备注\nNotes"]
    if len(cols) > 1:
        heads.insert(-1, "审核−自评\nReview − self")
    ids = list(x["items"][cols[0]["id"]])
    key = (tuple(heads), tuple(ids))
    if key not in shapes:
        shapes[key] = _Shape(ws, r, heads, ids, f, cells)
    shape = shapes[key]
    top = [("单位 Unit", x["unit"]), ("考核期 Period", r["period"])]
    rows = [ws.row(i, f"1:{shape.n}", None, cells.string(f"A{i + 1}", label, f["label"]) +
                   cells.string(f"B{i + 1}", value, f["text"])) for i, (label, value) in enumerate(top)]
    rows.append(ws.row(2, f"1:{shape.n}", None, cells.string("A3", "名次 Rank", f["label"]) +
                       f'<c r="B3" s="{xf(f["int"])}"><v>{number(x["rank"])}</v></c>'))
    ws.set_rows("".join(rows) + shape.rows(ws, x, [c["id"] for c in cols], cells), 4 + len(ids), shape.n - 1)
    for j, w in enumerate(shape.widths):
        ws.set_column(j, j, w)
    ws.freeze_panes(5, 2)
    layout.page_setup(ws, shape.widths, 4 + len(ids), 4)


def _formats(wb) -> dict:
    cell = {**FONT, "valign": "top"}
    spec = {"title": {**FONT, "bold": True, "font_size": 14, "valign": "vcenter", "text_wrap": True},
            "head": {**FONT, "bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "vcenter",
                     "border": 1},
            "label": {**FONT, "bold": True}, "text": cell, "wrap": {**cell, "text_wrap": True},
            "num": {**cell, "num_format": "0.0##"},
            "prov": {**cell, "num_format": "0.0##", "italic": True, "font_color": "#8A4B00"},
            "int": {**cell, "num_format": "0", "align": "center"}}
    return {k: wb.add_format(v) for k, v in spec.items()}


def to_xlsx(r: dict) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
    f = _formats(wb)
    _ranking(wb.add_worksheet("排名 Ranking"), r, f)
    used = {"排名 ranking", "审核 review"}
    shapes: dict[tuple, _Shape] = {}
    cells = Cells(wb)
    for i, x in enumerate(r["ranking"], 1):
        _unit(add_rows_sheet(wb, sheet_name(i, x["unit"], used)), r, x, f, shapes, cells)
    _review(wb.add_worksheet("审核 Review"), r, f)
    wb.close()
    return buf.getvalue()
