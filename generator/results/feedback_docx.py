"""The feedback sheet of one unit as a Word/WPS document (python-docx), one per language: A4 portrait with
the GB/T 9704 margins, the fonts and "— 1 —" page numbers of :mod:`generator.render.docx_common`, no 附件
label. Every text from a submission (unit, period, reasons) is a plain run: never a field, never markup."""
from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..render.common import load_labels
from ..render.docx_batch import DocxBatch, Fragment, slot
from ..render.docx_common import add_run, new_document, new_run, page_setup, properties, put_text, title
from .feedback_html import meta_lines

SIZE = 12  # 小四: the body of a form
WIDTHS = (52, 12, 12, 12, 12, 56)  # mm, 156 mm between the margins
EN_WIDTHS = (44, 15, 13, 13, 13, 58)


@dataclass(frozen=True)
class _Blocks:
    """A sheet's kinds of block, each built once a batch with python-docx (:mod:`generator.render.docx_batch`)."""
    title: Fragment
    meta: Fragment  # label, value
    text: Fragment  # the introduction
    table: Fragment  # the header row; rows go before its end
    row: Fragment  # six cells
    total: Fragment  # six cells, bold
    signed: Fragment  # the sign-off line


def _row(tbl, lang: str, *, bold: bool = False, role: str = "text"):
    """A copy of the empty row (first in ``tbl``), a run of the role holding slot j in cell j."""
    tr = deepcopy(tbl.tr_lst[0])
    for j, p in enumerate(tr.iter(qn("w:p"))):
        p.append(r := new_run(role, lang, SIZE - 1.5, bold))
        put_text(r, slot(j))
    return tr


def _table(doc, lang: str, W: dict) -> tuple[Fragment, Fragment, Fragment]:
    """The lost criteria's table — grid, widths, alignment, the header row — and its two kinds of row."""
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
    tbl = table._tbl
    rows = Fragment.of(_row(tbl, lang)), Fragment.of(_row(tbl, lang, bold=True))
    head = _row(tbl, lang, bold=True, role="h1")
    tbl.replace(tbl.tr_lst[0], head)
    heads = [W["criterion"], W["points"], W["fb_self"], W["fb_final_col"], W["fb_lost"], W["fb_reason"]]
    return Fragment(Fragment.of(tbl).fill([*heads])), *rows


def _paragraph(doc, role: str, lang: str, size: float, *, space=None, bold: bool = False) -> Fragment:
    par = doc.add_paragraph()
    for attr, pt in (space or {}).items():
        setattr(par.paragraph_format, attr, Pt(pt))
    add_run(par, slot(0), role, lang, size, bold=bold)
    return Fragment.of(par._p)


def _blocks(doc, lang: str, W: dict) -> _Blocks:
    title(doc, slot(0), lang, size=18)
    head = Fragment.of(doc.element.body[0])
    meta = doc.add_paragraph()
    meta.paragraph_format.space_after = Pt(2)
    add_run(meta, slot(0), "h1", lang, SIZE, bold=lang != "zh")
    add_run(meta, slot(1), "text", lang, SIZE)
    table, row, total = _table(doc, lang, W)
    return _Blocks(head, Fragment.of(meta._p), _paragraph(doc, "text", lang, SIZE), table, row, total,
                   _paragraph(doc, "text", lang, SIZE - 2, space={"space_before": 8}))


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
    W = load_labels()[lang]["report"]
    b = sheets.once("blocks", lambda doc: _blocks(doc, lang, W))
    head = W["fb_title"].format(card=s["title"][lang])
    sep = "：" if lang == "zh" else ": "
    body = [b.title.fill([head]), *(b.meta.fill([k + sep, v]) for k, v in meta_lines(s, lang, W)),
            b.text.fill([W["fb_intro"] if s["lost"] else W["fb_none"]])]
    if s["lost"]:
        table = b.table.fill([])
        rows = [b.row.fill([f'{d["number"] or d["id"]} {s["names"].get(d["id"], {}).get(lang, "")}'.strip(),
                            f'{d["points"]:g}', f'{d["self"]:g}', f'{d["final"]:g}', f'−{d["lost"]:g}',
                            d["reason"] or W["no_reason"]]) for d in s["lost"]]
        lost = f'−{round(sum(d["lost"] for d in s["lost"]), 6):g}'
        rows.append(b.total.fill([W["fb_total_lost"], "", "", "", lost, ""]))
        end = table.rindex("</w:tbl>")
        body.append(table[:end] + "".join(rows) + table[end:])
    so = s.get("signed_off")
    body.append(b.signed.fill([W["signed_off"].format(at=so["at"], checksum=so["checksum"]) if so
                               else W["not_signed_off"]]))
    core = sheets.core(lambda doc: properties(doc, title_text=slot(0), ident=slot(1), edition="", lang=lang,
                                              kind="feedback"))
    return sheets.finish("".join(body), core.fill([f'{head} {s["unit"]} {s["period"]}'[:255], s["card"]]))
