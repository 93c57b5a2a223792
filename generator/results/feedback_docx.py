"""The feedback sheet of one unit as a Word/WPS document (python-docx), one per language: A4 portrait with
the GB/T 9704 margins, the fonts and "— 1 —" page numbers of :mod:`generator.render.docx_common`, no 附件
label. Every text from a submission (unit, period, reasons) is a plain run: never a field, never markup."""
from __future__ import annotations

from copy import deepcopy

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from ..render.common import load_labels
from ..render.docx_batch import DocxBatch
from ..render.docx_common import add_run, new_document, page_setup, properties, title
from .feedback_html import meta_lines

SIZE = 12  # 小四: the body of a form
WIDTHS = (52, 12, 12, 12, 12, 56)  # mm, 156 mm between the margins
EN_WIDTHS = (44, 15, 13, 13, 13, 58)


def _fill(row, texts: list[str], lang: str, *, bold: bool = False, role: str = "text") -> None:
    for cell, text in zip(row.cells, texts, strict=True):
        if text:
            add_run(cell.paragraphs[0], text, role, lang, SIZE - 1.5, bold=bold)


def _table(doc, s: dict, lang: str, W: dict) -> None:
    """The lost criteria: a header row, a row each, the total. Every row is a copy of one empty row whose
    cells have their widths and alignment (python-docx's cell setters are what a sheet's time goes to)."""
    widths = WIDTHS if lang == "zh" else EN_WIDTHS
    table = doc.add_table(rows=1, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Mm(w)  # the grid: LibreOffice and WPS size columns by it, not by the cells
    for j, cell in enumerate(table.rows[0].cells):
        cell.width = Mm(widths[j])
        par = cell.paragraphs[0]
        par.paragraph_format.space_after = Pt(0)
        if 0 < j < 5:
            par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    empty = deepcopy(table.rows[0]._tr)

    def row(texts: list[str], **how) -> None:
        table._tbl.append(deepcopy(empty))
        _fill(table.rows[-1], texts, lang, **how)

    _fill(table.rows[0], [W["criterion"], W["points"], W["fb_self"], W["fb_final_col"], W["fb_lost"],
                          W["fb_reason"]], lang, bold=True, role="h1")
    for d in s["lost"]:
        text = s["names"].get(d["id"], {}).get(lang, "")
        row([f'{d["number"] or d["id"]} {text}'.strip(), f'{d["points"]:g}', f'{d["self"]:g}',
             f'{d["final"]:g}', f'−{d["lost"]:g}', d["reason"] or W["no_reason"]])
    row([W["fb_total_lost"], "", "", "", f'−{round(sum(d["lost"] for d in s["lost"]), 6):g}', ""], bold=True)


def batch(lang: str) -> DocxBatch:
    """The sheets of one language, made one after the other (:mod:`generator.render.docx_batch`)."""
    def setup():
        doc = new_document(lang, SIZE)
        page_setup(doc, lang, landscape=False)
        return doc
    return DocxBatch(setup)


def to_docx(s: dict, lang: str = "zh", sheets: DocxBatch | None = None) -> bytes:
    """Unit sheet ``s`` as .docx bytes; ``sheets``: the batch of this language when there are many."""
    sheets = sheets or batch(lang)
    doc = sheets.start()
    W = load_labels()[lang]["report"]
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
    return sheets.finish()
