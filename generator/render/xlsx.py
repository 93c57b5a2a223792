"""The scorecard as an XLSX workbook (XlsxWriter), generated from the card's plan.

Sheet ``<card id>``: the same rows as the HTML form plus one row per further input (deduction rules,
penalties, bonus items, vetoes: :mod:`.xlsx_lines`); every input is a cell under its score column, in the row whose last
(ID) column holds the input's item id; a hidden row above the header holds the column ids. Input
cells are unlocked and validated per kind (:mod:`.xlsx_inputs`); totals and the grade are locked
formulas on a protected sheet, with the engine's values on the empty card cached. Sheet ``_calc``
(hidden, protected) holds the rule formulas (:mod:`.xlsx_rules`); sheet ``_pingan`` (hidden) holds
the format, card, edition, language, the map field name → cell, and every formula cell's digest,
which :mod:`generator.cardfile.read_xlsx` checks. How it prints (附件 label, fonts, column widths, row
heights, the hidden ID column, A4 one page wide): :mod:`.xlsx_layout`.
"""
from __future__ import annotations

import io
import re

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from ..cardfile.contract import FORMAT_ID, HEADER, notes_field, xlsx_comments
from ..cardfile.read_xlsx import digest
from ..model.objects import Scorecard, Standards
from ..scoring.plan import plan_of
from . import xlsx_layout as layout
from .common import fmt_points, load_labels
from .xlsx_inputs import validation
from .xlsx_lines import Line, lines
from .xlsx_rules import CALC, Calc

META = "_pingan"
FIRST = 3  # the first score column (D)
HEAD = 5  # the header row (one further down under a 附件 label); the hidden row of column ids is just above it
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
PROTECT = {"format_columns": True, "format_rows": True, "select_locked_cells": True,
           "select_unlocked_cells": True}


class Sheet:
    """The card's sheet being written; collects input cells and formula cells."""

    def __init__(self, wb, card: Scorecard, lang: str, values: dict[str, str] | None = None):
        self.wb, self.card, self.lang, self.values = wb, card, lang, values or {}
        self.ws = wb.add_worksheet(card.id[:31])
        self.f = layout.formats(wb, lang)
        self.cols = [c.id for c in card.columns]
        self.c_notes = FIRST + len(self.cols)
        self.c_id = self.c_notes + 1
        self.head_row = HEAD + (1 if card.annex else 0)
        self.cells: dict[str, str] = {}  # field name → A1 address
        self.kinds: dict[str, str] = {}  # field name → input kind
        self.formulas: list[tuple[str, str, str]] = []  # sheet, address, formula
        self.pending: list[tuple[int, Line]] = []  # rows whose score cells show computed points
        self.w: dict[str, float] = {}

    def formula(self, r: int, c: int, text: str, fmt, value) -> None:
        self.ws.write_formula(r, c, "=" + text, fmt, value)
        self.formulas.append((self.ws.get_name(), xl_rowcol_to_cell(r, c), "=" + text))

    @property
    def printed(self) -> list[float]:
        """The widths of the printed columns (number, text, points, scores, notes)."""
        w = self.w
        return [w["no"], w["text"], w["pts"], *[w["score"]] * len(self.cols), w["notes"]]

    def set_widths(self, numbers: list[str]) -> None:
        L = load_labels()[self.lang]
        self.w = layout.widths(L, [c.title[self.lang] for c in self.card.columns], numbers, self.lang)
        for c, w in enumerate(self.printed):
            self.ws.set_column(c, c, w)
        self.ws.set_column(self.c_id, self.c_id, 16, None, {"hidden": True})

    def head(self, subtitle: str) -> None:
        ws, f, card, L, lang = self.ws, self.f, self.card, load_labels()[self.lang], self.lang
        r = 0
        if card.annex:
            ws.merge_range(0, 0, 0, 1, f"{L['annex']}{'' if lang == 'zh' else ' '}{card.annex}", f["annex"])
            ws.set_row(0, layout.height(1, lang, layout.ANNEX_SIZE))
            r = 1
        title = card.title[lang] + (f" · {subtitle}" if subtitle else "")
        ws.merge_range(r, 0, r, self.c_notes, title, f["title"])
        ws.set_row(r, layout.text_height(title, sum(self.printed), lang, layout.TITLE_SIZE, bold=True))
        ws.merge_range(r + 1, 0, r + 1, self.c_notes, f"{L['total']} {fmt_points(card.total_points)} {L['pts']} · "
                       f"{L['edition']} {card.edition} · {L['card_id']} {card.id}", f["meta"])
        self.header_fields(r + 2, L)
        head = self.head_row
        for j, col in enumerate([*self.cols, "notes", "id"]):
            ws.write_string(head - 1, FIRST + j, col, f["hidden"])
        ws.set_row(head - 1, None, None, {"hidden": True})
        titles = [L["number"], L["criterion"], L["points"], *[c.title[lang] for c in card.columns], L["notes_col"]]
        titles = [layout.header_text(t, w, lang) for t, w in zip(titles, self.printed, strict=True)]
        ws.set_row(head, max(layout.text_height(t, w, lang, bold=True)
                             for t, w in zip(titles, self.printed, strict=True)))
        ws.write_row(head, 0, [*titles, "ID"], f["head"])
        ws.freeze_panes(head + 1, 0)

    def header_fields(self, r: int, L: dict) -> None:
        """Two rows of two fields: label, then the line to write on (an unlocked cell) — the first pair in
        the number and text columns, the second across the points and first score column, then the rest."""
        ws, f = self.ws, self.f
        for i, h in enumerate(HEADER):
            row, label = r + i // 2, L[h.label_key]
            if i % 2 == 0:
                ws.write_string(row, 0, label, f["label"])
                ws.write_blank(row, 1, None, f["input_line"])
                at = (row, 1)
            else:
                ws.merge_range(row, 2, row, FIRST, label, f["label"])
                if self.c_notes > FIRST + 1:
                    ws.merge_range(row, FIRST + 1, row, self.c_notes, "", f["input_line"])
                else:
                    ws.write_blank(row, self.c_notes, None, f["input_line"])
                at = (row, FIRST + 1)
            ws.set_row(row, layout.height(1, self.lang) + 6)
            self.cells[h.field] = xl_rowcol_to_cell(*at)

    def put(self, r: int, c: int, name: str) -> None:
        """An input cell, blank or prefilled with ``values`` (numbers as numbers, as a person types them)."""
        v = self.values.get(name, "")
        if v == "":
            self.ws.write_blank(r, c, None, self.f["input" if c < self.c_notes else "notes"])
        elif NUMBER.match(v.strip()):
            self.ws.write_number(r, c, float(v), self.f["input"])
        else:
            self.ws.write_string(r, c, v, self.f["input" if c < self.c_notes else "notes"])

    def inputs(self, r: int, ln: Line) -> None:
        last = FIRST + len(self.cols) - 1
        self.ws.data_validation(r, FIRST, r, last, validation(plan_of(self.card), ln.input, self.lang,
                                                              xl_rowcol_to_cell(r, FIRST), ln.top, ln.na))
        for j, col in enumerate(self.cols):
            name = ln.input_field(col)
            self.put(r, FIRST + j, name)
            self.cells[name] = xl_rowcol_to_cell(r, FIRST + j)
            self.kinds[name] = ln.input

    def line(self, r: int, ln: Line) -> None:
        ws, f = self.ws, self.f
        style = {"domain": "domain", "task": "task", "criterion": "text"}.get(ln.kind, "sub")
        if ln.kind in ("task-total", "domain-total", "grand-total", "grade"):
            style = "total_label"
        if ln.kind in ("domain", "task"):
            ws.merge_range(r, 1, r, self.c_notes, "", f[style])
        ws.write_string(r, 0, ln.number, f[style])
        ws.write_string(r, 1, ln.text, f[style])
        if ln.points is not None:
            ws.write_number(r, 2, ln.points, f["total" if style == "total_label" else "num"])
        elif ln.kind not in ("domain", "task"):
            ws.write_blank(r, 2, None, f["num"])
        if ln.input:
            self.inputs(r, ln)
        elif ln.shows:
            self.pending.append((r, ln))
        if ln.kind == "criterion":
            self.put(r, self.c_notes, notes_field(ln.id))
            self.cells[notes_field(ln.id)] = xl_rowcol_to_cell(r, self.c_notes)
        elif ln.kind not in ("domain", "task"):
            ws.write_blank(r, self.c_notes, None, f["text"])
        ws.write_string(r, self.c_id, ln.id, f["id"])
        width = sum(self.printed[1:]) if ln.kind in ("domain", "task") else self.w["text"]
        ws.set_row(r, layout.text_height(ln.text, width, self.lang, bold=style not in ("text", "sub")))

    def computed(self, calc: Calc, names: dict[str, str]) -> None:
        """The score cells of totals, the grade and criteria without an input of their own."""
        gs, grade_at = plan_of(self.card)["grades"], calc.label_index()
        for r, ln in self.pending:
            for j, col in enumerate(self.cols):
                fmt = self.f["num" if ln.kind == "criterion" else "total"]
                if ln.shows == "grade":
                    assert grade_at is not None  # a card with grades has the graph's grade choice
                    titles = ",".join('"' + g["title"][self.lang].replace('"', '""') + '"' for g in gs)
                    gid = calc.result[col]["grade"]
                    title = next(g["title"][self.lang] for g in gs if g["id"] == gid)
                    self.formula(r, FIRST + j, f"CHOOSE({calc.at(grade_at, j, True)}+1,{titles})", fmt, title)
                else:
                    name = names[ln.shows]
                    value = calc.quantities[calc.row[name] - 1][2][j]
                    self.formula(r, FIRST + j, calc.at(name, j, True), fmt, value)


def _calc_sheet(wb, calc: Calc, formulas: list) -> None:
    ws = wb.add_worksheet(CALC)
    ws.write_row(0, 0, ["quantity", *calc.cols])
    for name, texts, cached in calc.quantities:
        r = calc.row[name]
        ws.write_string(r, 0, name)
        for j, (text, value) in enumerate(zip(texts, cached, strict=True)):
            ws.write_formula(r, 1 + j, "=" + text, None, value)
            formulas.append((CALC, xl_rowcol_to_cell(r, 1 + j), "=" + text))
    ws.protect("", PROTECT)
    ws.hide()


def _meta_sheet(wb, sheet: Sheet, all_lines: list[Line]) -> None:
    ws = wb.add_worksheet(META)
    card = sheet.card
    rows_: list[tuple[str, ...]] = [("format", FORMAT_ID), ("card", card.id), ("edition", str(card.edition)),
                                    ("lang", sheet.lang),
                                    ("sheet", sheet.ws.get_name())]
    rows_ += _packed("fields", "", [f"{name} {addr} {sheet.kinds.get(name, 'text')}"
                                    for name, addr in sheet.cells.items()])
    rows_ += _packed("rows", "", [ln.id for ln in all_lines])
    by_sheet: dict[str, list[str]] = {}
    for s, addr, text in sheet.formulas:
        by_sheet.setdefault(s, []).append(f"{addr} {digest(text)}")
    rows_ += [row for s, items in by_sheet.items() for row in _packed("formulas", s, items)]
    for r, values in enumerate(rows_):
        for c, v in enumerate(values):
            ws.write_string(r, c, v)
    ws.protect("", PROTECT)
    ws.hide()


def _packed(key: str, sheet: str, items: list[str], per_row: int = 300) -> list[tuple[str, ...]]:
    """Rows of the hidden map packing ``per_row`` items a cell: ``(key, sheet, "item item …")``. A county
    card has about 1,400 formulas, 300 fields and 200 rows: a cell each was most of the workbook's cells,
    and most of the time reading a filled one back took. Ids, cell addresses and digests hold no spaces."""
    return [(key, sheet, " ".join(items[i:i + per_row])) for i in range(0, len(items), per_row)]


def _signoff(sheet: Sheet, r: int) -> int:
    """The sign-off block under the table, one block per score column, two side by side (the text column,
    then the points to notes columns); the last row used."""
    ws, L, lang, f = sheet.ws, load_labels()[sheet.lang], sheet.lang, sheet.f
    r += 1
    ws.write_string(r, 1, L["signoff"], f["signoff"])
    ws.set_row(r, layout.height(1, lang) + 6)
    for j, col in enumerate(sheet.card.columns):
        first = j == 0
        texts = [col.title[lang], (L["signoff_self_unit"] if first else L["signoff_review_unit"]) + "：",
                 (L["signoff_self_person"] if first else L["signoff_review_person"]) + "：", L["signoff_date"] + "："]
        top = r + 1 + (j // 2) * 5
        for k, text in enumerate(texts):
            text += "" if k == 0 else "＿" * 8
            fmt = f["signoff"] if k == 0 else f["line"]
            if j % 2 == 0:
                ws.write_string(top + k, 1, text, fmt)
            else:
                ws.merge_range(top + k, 2, top + k, sheet.c_notes, text, fmt)
            ws.set_row(top + k, layout.height(1, lang) + 6)
    return r + 1 + ((len(sheet.card.columns) + 1) // 2) * 5 - 2


def workbook(standards: Standards, card: Scorecard, lang: str, criteria_filter=None, subtitle: str = "",
             values: dict[str, str] | None = None) -> bytes:
    """The workbook of one card (optionally only the criteria ``criteria_filter`` keeps: the other
    inputs count as blank), optionally prefilled with ``values`` (field name → text, as the JSON
    export holds them; the cached results stay those of the empty card: open it in an office suite,
    or score the values with the engine)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"title": card.title[lang], "subject": f"{card.id} {card.edition}",
                       "comments": xlsx_comments(card.id, str(card.edition), lang)})
    sheet = Sheet(wb, card, lang, values)
    all_lines = lines(card, lang, criteria_filter)
    sheet.set_widths([ln.number for ln in all_lines])
    sheet.head(subtitle)
    r = sheet.head_row + 1
    for ln in all_lines:
        sheet.line(r, ln)
        r += 1
    calc = Calc(plan_of(card), sheet.ws.get_name(), {k: v for k, v in sheet.cells.items() if k in sheet.kinds},
                values)
    names = calc.build()
    sheet.computed(calc, names)
    layout.page_setup(sheet.ws, sheet.printed, _signoff(sheet, r), sheet.head_row)
    sheet.ws.protect("", PROTECT)
    _calc_sheet(wb, calc, sheet.formulas)
    _meta_sheet(wb, sheet, all_lines)
    sheet.ws.activate()
    wb.close()
    return buf.getvalue()
