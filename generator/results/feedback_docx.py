"""The feedback sheet of one unit as a Word/WPS document (python-docx), one per language: A4 portrait with
the GB/T 9704 margins, the fonts and "— 1 —" page numbers of :mod:`generator.render.docx_common`, no 附件
label. Every text from a submission (unit, period, reasons) is a plain run: never a field, never markup."""
from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from ..render.common import load_labels
from ..render.docx_common import add_run, new_document, page_setup, properties, title, to_bytes
from .feedback_html import meta_lines

SIZE = 12  # 小四: the body of a form
WIDTHS = (52, 12, 12, 12, 12, 56)  # mm, 156 mm between the margins
EN_WIDTHS = (44, 15, 13, 13, 13, 58)


def _cell(cell, text: str, lang: str, *, bold: bool = False, right: bool = False, role: str = "text") -> None:
    par = cell.paragraphs[0]
    par.paragraph_format.space_after = Pt(0)
    if right:
        par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add_run(par, text, role, lang, SIZE - 1.5, bold=bold)


def _table(doc, s: dict, lang: str, W: dict) -> None:
    widths = WIDTHS if lang == "zh" else EN_WIDTHS
    table = doc.add_table(rows=1, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Mm(w)  # the grid: LibreOffice and WPS size columns by it, not by the cells
    heads = [W["criterion"], W["points"], W["fb_self"], W["fb_final_col"], W["fb_lost"], W["fb_reason"]]
    for j, (cell, text) in enumerate(zip(table.rows[0].cells, heads, strict=True)):
        cell.width = Mm(widths[j])
        _cell(cell, text, lang, bold=True, role="h1", right=0 < j < 5)
    for d in s["lost"]:
        text = s["names"].get(d["id"], {}).get(lang, "")
        values = [f'{d["number"] or d["id"]} {text}'.strip(), f'{d["points"]:g}', f'{d["self"]:g}',
                  f'{d["final"]:g}', f'−{d["lost"]:g}', d["reason"] or W["no_reason"]]
        cells = table.add_row().cells
        for j, (cell, v) in enumerate(zip(cells, values, strict=True)):
            cell.width = Mm(widths[j])
            _cell(cell, v, lang, right=0 < j < 5)
    cells = table.add_row().cells
    _cell(cells[0], W["fb_total_lost"], lang, bold=True)
    _cell(cells[4], f'−{round(sum(d["lost"] for d in s["lost"]), 6):g}', lang, bold=True, right=True)


def to_docx(s: dict, lang: str = "zh") -> bytes:
    W = load_labels()[lang]["report"]
    doc = new_document(lang, SIZE)
    page_setup(doc, lang, landscape=False)
    head = W["fb_title"].format(card=s["title"][lang])
    title(doc, head, lang, size=18)
    sep = "：" if lang == "zh" else ": "
    for k, v in meta_lines(s, lang, W):
        par = doc.add_paragraph()
        par.paragraph_format.space_after = Pt(2)
        add_run(par, k + sep, "h1", lang, SIZE, bold=lang != "zh")
        add_run(par, v, "text", lang, SIZE)
    par = doc.add_paragraph()
    add_run(par, W["fb_intro"] if s["lost"] else W["fb_none"], "text", lang, SIZE)
    if s["lost"]:
        _table(doc, s, lang, W)
    so = s.get("signed_off")
    par = doc.add_paragraph()
    par.paragraph_format.space_before = Pt(8)
    add_run(par, W["signed_off"].format(at=so["at"], checksum=so["checksum"]) if so else W["not_signed_off"],
            "text", lang, SIZE - 2)
    properties(doc, title_text=f'{head} {s["unit"]} {s["period"]}', ident=s["card"], edition="", lang=lang,
               kind="feedback")
    return to_bytes(doc)
