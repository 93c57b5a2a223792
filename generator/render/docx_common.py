"""What the Word/WPS documents share (python-docx): fonts, page setup, the "— 1 —" page number,
the 附件 label, document properties.

Fonts follow GB/T 9704-2012 as far as it fits an attachment: 仿宋_GB2312 for text, 方正小标宋简体 for
titles, 黑体 for the 附件 label and level-one headings, 楷体 for level two, named on *every* run
(``w:eastAsia``) so that Word and WPS pick them. The font table names the common fallback of each
(仿宋, 宋体 …) as ``w:altName``, and the document default is 宋体 / Times New Roman, which every
Chinese Windows and WPS installation has. English documents are set in Times New Roman.
"""
from __future__ import annotations

import io
import re
from copy import deepcopy
from functools import lru_cache
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.run import Run
from lxml import etree

from .. import __version__

LATIN = "Times New Roman"
DEFAULT_EA = "宋体"
# role → East Asian font of a Chinese document (English documents use DEFAULT_EA for stray CJK)
ZH_FONTS = {"text": "仿宋_GB2312", "title": "方正小标宋简体", "label": "黑体", "h1": "黑体", "h2": "楷体"}
# font table: a font an office may lack → the one it has (w:altName), and its GB2312 charset
ALT_NAMES = {"仿宋_GB2312": "仿宋", "方正小标宋简体": "宋体", "楷体": "楷体_GB2312", "黑体": "SimHei",
             "宋体": "SimSun"}
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def ea_font(role: str, lang: str) -> str:
    return ZH_FONTS[role] if lang == "zh" else DEFAULT_EA


def new_run(role: str, lang: str, size: float | None = None, bold: bool = False):
    """A ``w:r`` element with the role's properties and no text (see :func:`put_text`)."""
    return deepcopy(_run(role, lang, size, bold))


@lru_cache(maxsize=256)
def _run(role: str, lang: str, size: float | None, bold: bool):
    """An empty run with the role's properties, copied for each run (building elements by name costs)."""
    r = OxmlElement("w:r")
    r.append(_rpr(role, lang, size, bold))
    return r


def _rpr(role: str, lang: str, size: float | None, bold: bool):
    """The run properties of a role: fonts (Latin and East Asian, never left to a style), bold, size."""
    rpr = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), LATIN)
    fonts.set(qn("w:eastAsia"), ea_font(role, lang))
    if lang == "zh":
        fonts.set(qn("w:hint"), "eastAsia")
    rpr.append(fonts)
    if bold:
        rpr.append(OxmlElement("w:b"))
    if size:
        for tag in ("w:sz", "w:szCs"):
            el = OxmlElement(tag)
            el.set(qn("w:val"), str(round(size * 2)))
            rpr.append(el)
    return rpr


def add_run(par, text: str, role: str, lang: str, size: float | None = None, bold: bool = False) -> Run:
    """A run at the end of ``par`` with its own copy of the role's properties (fast: no xmlchemy lookups).
    The text is stored as text (lxml escapes ``<`` and ``&``); characters XML cannot hold are dropped."""
    r = new_run(role, lang, size, bold)
    par._p.append(r)
    put_text(r, text)
    return Run(r, par)


_T, _BR, _TAB, _SPACE = qn("w:t"), qn("w:br"), qn("w:tab"), qn("xml:space")


BREAKS = re.compile("([\t\r\n])")


def text_pieces(text: str) -> list[str]:
    """``text`` as python-docx's ``Run.text`` stores it, in pieces: ``"\\t"`` (a ``w:tab``), ``"\\n"`` (a
    ``w:br``; CR too) and runs of other characters (a ``w:t`` each); characters XML cannot hold dropped."""
    return [p if p != "\r" else "\n" for p in BREAKS.split(NOT_XML.sub("", text)) if p] if text else []


def put_text(r, text: str) -> None:
    """``text`` at the end of run ``r`` as elements (see :func:`text_pieces`), without python-docx's
    character-by-character machine."""
    for piece in text_pieces(text):
        if piece == "\n":
            etree.SubElement(r, _BR)
        elif piece == "\t":
            etree.SubElement(r, _TAB)
        else:
            t = etree.SubElement(r, _T)
            t.text = piece
            if piece.strip() != piece:
                t.set(_SPACE, "preserve")


@lru_cache(maxsize=1 << 13)  # a batch of sheets repeats most of its texts (criteria, labels, points)
def run_xml(text: str) -> str:
    """A run's content for ``text`` as XML text (see :func:`text_pieces`; ``<`` and ``&`` escaped)."""
    out = []
    for piece in text_pieces(text):
        if piece == "\n":
            out.append("<w:br/>")
        elif piece == "\t":
            out.append("<w:tab/>")
        else:
            space = ' xml:space="preserve"' if piece.strip() != piece else ""
            out.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return "".join(out)


def new_document(lang: str, body_size: float) -> DocxDocument:
    """A document whose defaults fall back sensibly: 宋体 / Times New Roman at ``body_size``."""
    doc = Document()
    styles = doc.styles.element
    rpr_default = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = rpr_default.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr_default.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]  # theme fonts would win over named ones
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), LATIN)
    fonts.set(qn("w:eastAsia"), DEFAULT_EA)
    lang_el = rpr_default.find(qn("w:lang"))
    if lang_el is not None:
        lang_el.set(qn("w:eastAsia"), "zh-CN")
        lang_el.set(qn("w:val"), "zh-CN" if lang == "zh" else "en-GB")
    normal = doc.styles["Normal"]
    normal.font.size = Pt(body_size)
    normal.font.name = LATIN
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), DEFAULT_EA)
    _font_table(doc)
    return doc


def _font_table(doc) -> None:
    """Name the usual substitute of each office font (Word/WPS use w:altName when a font is missing)."""
    part = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    have = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, alt in ALT_NAMES.items():
        if name in have:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, val in (("w:altName", alt), ("w:charset", "86"), ("w:family", "modern"), ("w:pitch", "fixed")):
            etree.SubElement(font, qn(tag)).set(qn("w:val"), val)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def page_setup(doc, lang: str, *, landscape: bool) -> None:
    """A4; portrait with the GB/T 9704 margins (37/35/28/26 mm), landscape with narrower ones."""
    sec = doc.sections[0]
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Mm(297), Mm(210)
        sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(18), Mm(18), Mm(18), Mm(18)
    else:
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    sec.footer_distance = Mm(10)
    page_number(sec, lang)


def _field(par, instr: str, placeholder: str, lang: str) -> None:
    """A complex field (PAGE …): begin, instruction, separate, cached result, end; every run with fonts."""
    for kind, text in (("begin", None), ("instr", instr), ("separate", None), ("text", placeholder), ("end", None)):
        run = add_run(par, "", "text", lang, 14)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            run._r.append(el)
        elif kind == "text":
            run.text = placeholder
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)


def page_number(section, lang: str) -> None:
    """"— 1 —" centred at the foot of every page (4号 = 14 pt)."""
    par = section.footer.paragraphs[0]
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(par, "— ", "text", lang, 14)
    _field(par, " PAGE ", "1", lang)
    add_run(par, " —", "text", lang, 14)


def annex_line(doc, label: str, lang: str, qr: bytes | None, width_mm: float) -> None:
    """"附件N" top-left (黑体 3号) and, when there is one, the QR code at the right margin."""
    if not label and not qr:
        return
    par = doc.add_paragraph()
    par.paragraph_format.space_after = Pt(0)
    if label:
        add_run(par, label, "label", lang, 16)
    if qr:
        par.paragraph_format.tab_stops.add_tab_stop(Mm(width_mm), WD_TAB_ALIGNMENT.RIGHT)
        add_run(par, "\t", "text", lang)
        run = add_run(par, "", "text", lang)
        run.add_picture(io.BytesIO(qr), width=Mm(20), height=Mm(20))


def title(doc, text: str, lang: str, size: float = 22, subtitle: str = "") -> None:
    """The centred title (方正小标宋简体 2号), optionally a second line in 楷体."""
    par = doc.add_paragraph()
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    par.paragraph_format.space_before = Pt(6)
    par.paragraph_format.space_after = Pt(6)
    add_run(par, text, "title", lang, size, bold=lang != "zh")
    if subtitle:
        sub = doc.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_run(sub, subtitle, "h2", lang, 16)


def properties(doc, *, title_text: str, ident: str, edition: str, lang: str, kind: str) -> None:
    """Core properties: title, id, edition (version), language, and the generator."""
    p = doc.core_properties
    p.title = NOT_XML.sub("", title_text)
    p.identifier = ident
    p.subject = ident
    p.version = edition
    p.language = "zh-CN" if lang == "zh" else "en"
    p.category = kind
    p.author = p.last_modified_by = f"pingan-standards {__version__}"
    p.keywords = f"{kind} {ident} edition={edition} lang={lang}"
    p.comments = f"{kind} id={ident} edition={edition} lang={lang} generator=pingan-standards {__version__}"
    p.revision = 1


def to_bytes(doc) -> bytes:
    """The document as .docx bytes, without python-docx's sample thumbnail."""
    pkg = doc.part.package
    for rel_id, rel in list(pkg.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del pkg.rels[rel_id]
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
