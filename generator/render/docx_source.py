"""A source document as a Word/WPS document (python-docx): A4 portrait, GB/T 9704 margins, centred
title (方正小标宋简体 2号), headings (一级 黑体, 二级 楷体, then 仿宋 bold) and paragraphs (仿宋_GB2312
3号 = 16 pt, first line indented two characters, 28 pt line pitch) as in the original, "— 1 —" page
numbers. Every block carries its stable id as a bookmark (hyphens become underscores, as Word's
bookmark names allow only letters, digits and ``_``: ``s001-p3`` → ``s001_p3``), so a citation can
point into the document. A source without prose blocks (the work guide of the three cards) lists the
tasks and criteria taken from it instead.
"""
from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from ..model.objects import Source, Standards
from .common import fmt_points, load_labels
from .docx_common import add_run, new_document, page_setup, properties, title, to_bytes

BODY = 16  # 3号
HEADING_ROLE = {1: ("h1", False), 2: ("h2", False), 3: ("text", True), 4: ("text", False)}


def bookmark_name(block_id: str) -> str:
    return block_id.replace("-", "_")[:40]


class _Writer:
    def __init__(self, doc, lang: str):
        self.doc, self.lang, self.next_id = doc, lang, 1

    def _bookmark(self, par, block_id: str) -> None:
        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), str(self.next_id))
        start.set(qn("w:name"), bookmark_name(block_id))
        end.set(qn("w:id"), str(self.next_id))
        self.next_id += 1
        ppr = par._p.pPr
        if ppr is not None:
            ppr.addnext(start)
        else:
            par._p.insert(0, start)
        par._p.append(end)

    def _para(self):
        par = self.doc.add_paragraph()
        fmt = par.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(28)
        fmt.space_after = Pt(0)
        return par

    def heading(self, block_id: str, text: str, level: int) -> None:
        par = self._para()
        par.paragraph_format.keep_with_next = True
        par.paragraph_format.first_line_indent = Pt(BODY * 2)
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(min(level, 4) - 1))
        par._p.get_or_add_pPr().append(outline)
        role, bold = HEADING_ROLE[min(max(level, 1), 4)]
        add_run(par, text, role, self.lang, BODY, bold or (self.lang == "en" and level <= 2))
        if block_id:
            self._bookmark(par, block_id)

    def paragraph(self, block_id: str, text: str, size: float = BODY, role: str = "text") -> None:
        par = self._para()
        par.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if self.lang == "zh" else WD_ALIGN_PARAGRAPH.LEFT
        par.paragraph_format.first_line_indent = Pt(size * 2)
        add_run(par, text, role, self.lang, size)
        if block_id:
            self._bookmark(par, block_id)


def _meta(doc, src: Source, lang: str, L: dict) -> None:
    par = doc.add_paragraph()
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    parts = [src.issuer[lang], src.date or L["date_unknown"], f"{L['edition']} {src.edition}"]
    add_run(par, "　".join(parts) if lang == "zh" else " · ".join(parts), "h2", lang, BODY)


def _cards(w: _Writer, standards: Standards, src: Source, lang: str, L: dict) -> None:
    """The tasks and criteria a source without prose gave the scorecards (its tables)."""
    for card in (c for c in standards.scorecards if c.source.doc == src.id):
        w.heading(f"{src.id}-{card.id}", card.title[lang], 1)
        for t in card.tasks:
            w.heading(t.id, f"{t.number}. {t.title[lang]}（{fmt_points(t.points)}{L['pts']}）" if lang == "zh"
                      else f"{t.number}. {t.title[lang]} ({fmt_points(t.points)} {L['pts']})", 2)
            for c in t.criteria:
                pts = f"（{fmt_points(c.points)}{L['pts']}）" if lang == "zh" else \
                    f" ({fmt_points(c.points)} {L['pts']})"
                w.paragraph(c.id, f"{c.number} {c.text[lang]}{pts}")


def source_document(standards: Standards, src: Source, lang: str) -> bytes:
    """The source document ``src`` in ``lang`` as .docx bytes."""
    L = load_labels()[lang]
    doc = new_document(lang, BODY)
    page_setup(doc, lang, landscape=False)
    title(doc, src.title[lang], lang, 22)
    _meta(doc, src, lang, L)
    w = _Writer(doc, lang)
    for b in src.blocks:
        if b.type == "heading":
            w.heading(b.id, b.text[lang], b.level or 1)
        else:
            w.paragraph(b.id, b.text[lang])
    if not src.blocks:
        _cards(w, standards, src, lang, L)
    if src.notes:
        w.heading("", L["notes"], 2)
        for n in src.notes:
            w.paragraph("", n[lang], 14, "h2")
    properties(doc, title_text=src.title[lang], ident=src.id, edition=src.edition, lang=lang,
               kind="pingan-source/1")
    return to_bytes(doc)
