"""The scorecard as a Word/WPS document (python-docx), to print and fill in by hand or in WPS.

A4 landscape; the same rows and columns as the PDF (:func:`forms.rows`): number, criterion, points
(a plain number), one empty cell per score column, notes. Task and domain rows, subtotals, the card's
bonus items and vetoes and the grand total are ordinary rows — no merged cells, which WPS and Word
lay out differently. The header row repeats on every page (``w:tblHeader``), no row splits across
pages (``w:cantSplit``), a heading row keeps with its first criterion and the total with the sign-off
block (``w:keepNext``), which ends the table. Columns are as wide as their headers need (:mod:`.textfit`).
"附件N" (the card's ``annex``) sits top-left, the QR code of the card's page top-right when the site's
address is known.
"""
from __future__ import annotations

from copy import deepcopy

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell

from ..cardfile.contract import FORMAT_ID, HEADER
from ..model.kinds import CriterionKind
from ..model.objects import Criterion, Scorecard, Standards
from .common import fmt_points, load_labels
from .docx_common import add_run, annex_line, new_document, page_setup, properties, title, to_bytes
from .forms import RowKind, rows
from .qr import NOWHERE, SiteAddress, qr_png
from .textfit import BOLD, break_label, widest_piece

USABLE_MM = 297 - 36  # landscape A4 less the margins
CELL_MARGINS_MM = 2 * 1.9  # Table Grid: 0.08 in left and right
SIZE = 10.5  # 五号: tables may be smaller than the 16 pt body
FILL = {"domain": "F3E5E5", "task": "F5F5F5", "head": "E8E8E8"}


def _fit_mm(label: str, lang: str) -> float:
    """The width (mm) of a column whose header ``label`` must not break inside a word: its widest piece at
    the table's size, in the header's bold Times New Roman or 黑体, plus the cell's margins."""
    ems = widest_piece(label, "cjk" if lang == "zh" else "times") * (1 if lang == "zh" else BOLD)
    return ems * SIZE * 25.4 / 72 + CELL_MARGINS_MM + 1


def _widths(card: Scorecard, lang: str, L: dict) -> list[float]:
    """Number, criterion, points, score columns (all alike), notes: each at least as wide as its header."""
    ncol = len(card.columns)
    no, pts = max(14, _fit_mm(L["number"], lang)), max(13, _fit_mm(L["points"], lang))
    score = max([22, *(_fit_mm(c.title[lang], lang) for c in card.columns)])
    notes = max(38, _fit_mm(L["notes_col"], lang))
    return [no, USABLE_MM - no - pts - score * ncol - notes, pts, *([score] * ncol), notes]


def _keep_with_next(row) -> None:
    """Every paragraph of the row keeps with the next one: Word and LibreOffice then keep the row on the
    page of the row after it (a heading with its first criterion, the total with the sign-off)."""
    for p in row.iter(qn("w:p")):
        ppr = p.get_or_add_pPr()
        if ppr.find(qn("w:keepNext")) is None:
            ppr._insert_keepNext(OxmlElement("w:keepNext"))


def _row_props(row, header: bool = False) -> None:
    """Rows never split across pages; the header row repeats on each page."""
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))


def _shade(cell, color: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), color)
    cell._tc.get_or_add_tcPr().append(shd)


def _put(cell, lines: list[str], lang: str, *, role: str = "text", bold: bool = False, center: bool = False,
         size: float = SIZE, same_size: bool = False) -> None:
    """Text into a cell: one paragraph per line (the lines after the first a point smaller, unless
    ``same_size``), every run with its fonts."""
    for i, line in enumerate(lines):
        par = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        par.paragraph_format.space_after = Pt(0)
        if center:
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_run(par, line, role, lang, size if i == 0 or same_size else size - 1, bold)


def _criterion_lines(c: Criterion, text: str, lang: str, L: dict) -> list[str]:
    lines = [text]
    lines += [f"{i}. {x.text[lang]}" for i, x in enumerate(c.conditions, 1)]
    if c.deduction:
        cap = f", ≤ {fmt_points(c.deduction.cap)}" if c.deduction.cap else ""
        lines.append(f"{L['deduction_rule']}: {c.deduction.per[lang]} −{fmt_points(c.deduction.amount)}{cap}")
    if c.kind is CriterionKind.OUTCOME:
        sep = "，" if lang == "zh" else ", "
        lines.append(f"（{L['met']} = {fmt_points(c.points)}{sep}{L['not_met']} = 0）" if lang == "zh"
                     else f"({L['met']} = {fmt_points(c.points)}{sep}{L['not_met']} = 0)")
    return lines


def _card_items(card: Scorecard, lang: str, L: dict):
    """The card's own bonus items and vetoes, rows before the total: their score cells are filled in too."""
    sep = "：" if lang == "zh" else ": "
    if card.bonus:  # as the form heads them: 加分项 (≤ 3)
        for b in card.bonus.items:
            yield "extra", ["", [f"{L['bonus']} (≤ {fmt_points(card.bonus.cap)}){sep}{b.text[lang]}"],
                            fmt_points(b.points)]
    for v in card.vetoes:
        yield "extra", ["", [f"{L['vetoes']}{sep}{v.text[lang]}"], ""]


def _table_rows(card: Scorecard, lang: str, L: dict, unit_names: dict, criteria_filter):
    """(kind, cells) per row: cells are [number, text lines, points]; score and notes cells stay empty."""
    for r in rows(card, lang, criteria_filter):
        pts = fmt_points(r.points)
        if r.kind is RowKind.DOMAIN:
            yield "domain", [r.number, [r.text], pts]
        elif r.kind is RowKind.TASK:
            units = "、".join(unit_names[u] for u in r.criterion_units) if lang == "zh" else \
                "; ".join(unit_names[u] for u in r.criterion_units)
            yield "task", [r.number, [r.text, *([f"{L['units']}: {units}"] if units else [])], pts]
        elif r.kind is RowKind.CRITERION and r.criterion is not None:  # a criterion row has its criterion
            yield "criterion", [r.number, _criterion_lines(r.criterion, r.text, lang, L), pts]
        elif r.kind is RowKind.GRAND_TOTAL:
            yield from _card_items(card, lang, L)
            yield "grand", ["", [L["grand_total"]], pts]
        else:
            label = f"{L['subtotal']} {r.number}" + (f". {r.text}" if r.kind is RowKind.DOMAIN_TOTAL else "")
            yield "total", ["", [label], pts]


def _new_rows(table, widths: list[float]):
    """Rows made from one prepared ``w:tr`` (cantSplit, cell widths, an empty paragraph per cell):
    python-docx's add_row is slow for a few hundred rows."""
    tcs = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{round(w / 25.4 * 1440)}" w:type="dxa"/></w:tcPr><w:p/></w:tc>'
                  for w in widths)
    template = parse_xml(f'<w:tr {nsdecls("w")}><w:trPr><w:cantSplit/></w:trPr>{tcs}</w:tr>')

    def add():
        tr = deepcopy(template)
        table._tbl.append(tr)
        return tr, [_Cell(tc, table) for tc in tr.tc_lst]
    return add


def _main_table(doc, card: Scorecard, lang: str, L: dict, unit_names: dict, criteria_filter) -> None:
    """The card's table, the sign-off block at its end; a domain or task heading row stays on the page of
    its first criterion, the total on the page of the sign-off."""
    ncol = len(card.columns)
    widths = _widths(card, lang, L)
    table = doc.add_table(rows=1, cols=4 + ncol)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for col, w in zip(table.columns, widths, strict=False):
        col.width = Mm(w)
    head = table.rows[0]
    _row_props(head, header=True)
    titles = [L["number"], L["criterion"], L["points"], *[c.title[lang] for c in card.columns], L["notes_col"]]
    for cell, text, w in zip(head.cells, titles, widths, strict=False):
        cell.width = Mm(w)
        room = (w - CELL_MARGINS_MM - 1) / (SIZE * 25.4 / 72)
        _put(cell, break_label(text, room).split("\n"), lang, role="h1", bold=lang != "zh", center=True,
             same_size=True)
        _shade(cell, FILL["head"])
    add_row = _new_rows(table, widths)
    for kind, (number, lines, pts) in _table_rows(card, lang, L, unit_names, criteria_filter):
        tr, cells = add_row()
        strong = kind != "criterion"
        _put(cells[0], [number] if number else [], lang, bold=strong, center=True)
        _put(cells[1], lines, lang, role="h1" if kind in ("domain", "total", "grand") else "text", bold=strong)
        _put(cells[2], [pts], lang, bold=strong, center=True)
        if kind in FILL:
            for cell in cells:
                _shade(cell, FILL[kind])
        if kind in ("domain", "task", "grand"):
            _keep_with_next(tr)
    _signoff(add_row, card, lang, L)


def _borderless(tr, top: bool = False) -> None:
    """No cell borders on this row (but the line above it when ``top``): the sign-off under the table."""
    for tc in tr.tc_lst:
        borders = OxmlElement("w:tcBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:val"), "single" if side == "top" and top else "nil")
            if side == "top" and top:
                el.set(qn("w:sz"), "4")
            borders.append(el)
        tc.get_or_add_tcPr().append(borders)


def _signoff(add_row, card: Scorecard, lang: str, L: dict) -> None:
    """The sign-off block: borderless rows at the end of the card's table, the title and one row per score
    column (who signs and seals, and when), each kept with the next. LibreOffice keeps rows of one table
    together but not a table's last row with what follows it, so the block is part of the table."""
    tr, cells = add_row()
    _borderless(tr, top=True)
    _keep_with_next(tr)
    cells[1].paragraphs[0].paragraph_format.space_before = Pt(10)
    add_run(cells[1].paragraphs[0], L["signoff"], "h1", lang, 14, bold=lang != "zh")
    gap, sep = ("\u3000\u3000", "：") if lang == "zh" else ("    ", ": ")
    for j, col in enumerate(card.columns):
        first = j == 0
        tr, cells = add_row()
        _borderless(tr)
        if j < len(card.columns) - 1:
            _keep_with_next(tr)
        _put(cells[1], [col.title[lang]], lang, role="h2", bold=True, size=12)
        cells[1].paragraphs[0].paragraph_format.space_before = Pt(10)
        for line in ((L["signoff_self_unit"] if first else L["signoff_review_unit"]) + sep + "＿" * 10,
                     (L["signoff_self_person"] if first else L["signoff_review_person"]) + sep + "＿" * 6 + gap
                     + L["signoff_date"] + sep + "＿" * 6):
            p = cells[1].add_paragraph()
            p.paragraph_format.space_before = Pt(8)
            add_run(p, line, "text", lang, SIZE)


def _head(doc, card: Scorecard, lang: str, L: dict, subtitle: str, address: SiteAddress) -> None:
    url = address.card_url(card.id, lang)
    label = f"{L['annex']}{card.annex}" if lang == "zh" else f"{L['annex']} {card.annex}"
    annex_line(doc, label if card.annex else "", lang, qr_png(url) if url else None, USABLE_MM)
    title(doc, card.title[lang], lang, 20, subtitle)
    meta = doc.add_paragraph()
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = add_run(meta, f"{L['total']} {fmt_points(card.total_points)} {L['pts']} · {L['edition']} {card.edition}"
                        f" · {L['card_id']} {card.id}", "text", lang, 10.5)
    run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    fields = doc.add_paragraph()
    for i, h in enumerate(HEADER):
        sep = "\u3000\u3000" if i % 2 else ""
        add_run(fields, f"{sep}{L[h.label_key]}：" + "＿" * 12, "text", lang, 12)
        if i % 2 and i < len(HEADER) - 1:
            add_run(fields, "\n", "text", lang, 12)


def card_document(standards: Standards, card: Scorecard, lang: str, *, criteria_filter=None,
                  subtitle: str = "", address: SiteAddress = NOWHERE) -> bytes:
    """The card (or a unit's part of it) as .docx bytes."""
    L = load_labels()[lang]
    doc = new_document(lang, 12)
    page_setup(doc, lang, landscape=True)
    _head(doc, card, lang, L, subtitle, address)
    unit_names = {u.id: u.name[lang] for u in standards.units}
    _main_table(doc, card, lang, L, unit_names, criteria_filter)
    full = card.title[lang] + (f" · {subtitle}" if subtitle else "")
    properties(doc, title_text=full, ident=card.id, edition=card.edition, lang=lang, kind=FORMAT_ID)
    return to_bytes(doc)
