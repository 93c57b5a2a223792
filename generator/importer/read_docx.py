"""A .docx read from its XML, span-aware: every real ``w:tc`` once, ``w:gridSpan`` as columns covered,
``w:vMerge`` continuations joined to the cell they continue, ``w:gridBefore`` skipped, tables nested in a
cell read into its text, content controls (``w:sdt``) looked into, deleted text (tracked changes) left
out. Not python-docx's ``table.rows[i].cells``, which repeats a merged cell at every position."""
from __future__ import annotations

from lxml import etree

from .doc import MAX_ROWS, Cell, Document, Paragraph, Table, Unusable, check_zip, part

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(el, path: str) -> str | None:
    found = el.find(path, {"w": W})
    return None if found is None else found.get(_q("val"), "")


def _children(el, *tags: str):
    """Direct children with these tags, looking through content controls and custom XML."""
    for ch in el:
        if ch.tag in (_q("sdt"), _q("customXml"), _q("smartTag")):
            inner = ch.find(_q("sdtContent")) if ch.tag == _q("sdt") else ch
            if inner is not None:
                yield from _children(inner, *tags)
        elif ch.tag in tuple(_q(t) for t in tags):
            yield ch


def _run_text(p) -> str:
    out = []
    for el in p.iter(_q("t"), _q("tab"), _q("br"), _q("cr"), _q("noBreakHyphen"), _q("delText")):
        if el.tag == _q("t"):
            out.append(el.text or "")
        elif el.tag == _q("tab"):
            out.append("\t")
        elif el.tag in (_q("br"), _q("cr")):
            out.append("\n")
        elif el.tag == _q("noBreakHyphen"):
            out.append("-")
    return "".join(out)


def _heading(p, styles: dict[str, int]) -> int:
    level = _val(p, "w:pPr/w:outlineLvl")
    if level is not None and level.isdigit() and int(level) < 9:
        return int(level) + 1
    return styles.get(_val(p, "w:pPr/w:pStyle") or "", 0)


def _cell_text(tc) -> tuple[str, int]:
    """A cell's paragraphs, one per line; a nested table's rows appended, one per line."""
    lines, nested = [], 0
    for el in _children(tc, "p", "tbl"):
        if el.tag == _q("p"):
            lines.append(_run_text(el))
        else:
            nested += 1
            for row in _table_rows(el):
                lines.append(" ".join(t for t, _ in row if t.strip()))
    return "\n".join(lines).strip(), nested


def _table_rows(tbl) -> list[list[tuple[str, int]]]:
    """A nested table as plain rows of (text, nested count)."""
    return [[_cell_text(tc) for tc in _children(tr, "tc")] for tr in _children(tbl, "tr")]


def _table(tbl, number: int) -> Table:
    cells: list[dict] = []
    open_at: dict[int, dict] = {}  # grid column → the cell a vMerge continuation extends
    headers = []
    for r, tr in enumerate(_children(tbl, "tr")):
        if r >= MAX_ROWS:
            raise Unusable(f"table {number} has more than {MAX_ROWS:,} rows: not a scorecard")
        if _val(tr, "w:trPr/w:tblHeader") not in (None, "0", "false"):
            headers.append(r)
        col = int(_val(tr, "w:trPr/w:gridBefore") or 0)
        for tc in _children(tr, "tc"):
            span = max(1, int(_val(tc, "w:tcPr/w:gridSpan") or 1))
            merge = _val(tc, "w:tcPr/w:vMerge")
            if merge is not None and merge != "restart" and col in open_at:
                above = open_at[col]
                above["rows"] = r - above["row"] + 1
                extra, _ = _cell_text(tc)  # a continuation normally holds nothing; never drop what it does
                if extra:
                    above["text"] = f"{above['text']}\n{extra}".strip()
            else:
                text, nested = _cell_text(tc)
                cell = {"text": text, "row": r, "col": col, "rows": 1, "cols": span, "nested": nested}
                cells.append(cell)
                for k in range(col, col + span):
                    open_at[k] = cell
            col += span
    return Table(number, tuple(Cell(**c) for c in cells), header_rows=tuple(headers))


def _styles(z) -> dict[str, int]:
    """Paragraph style id → heading level (Heading 1, 标题 1 …)."""
    try:
        root = etree.fromstring(z.read("word/styles.xml"), _PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return {}
    out = {}
    for s in root.iter(_q("style")):
        name = (_val(s, "w:name") or "").lower().replace(" ", "")
        for prefix in ("heading", "标题"):
            if name.startswith(prefix) and name[len(prefix):].isdigit():
                out[s.get(_q("styleId"))] = int(name[len(prefix):])
        level = _val(s, "w:pPr/w:outlineLvl")
        if level is not None and level.isdigit() and int(level) < 9:
            out.setdefault(s.get(_q("styleId")), int(level) + 1)
    return out


def read_docx(data: bytes) -> Document:
    z = check_zip(data, "DOCX document")
    if "EncryptedPackage" in z.namelist():
        raise Unusable("a password-protected DOCX document: save it without a password")
    try:
        root = etree.fromstring(part(z, "word/document.xml", "DOCX document"), _PARSER)
    except etree.XMLSyntaxError as e:
        raise Unusable(f"a damaged DOCX document: word/document.xml is not XML ({e.msg})") from None
    body = root.find(_q("body"))
    if body is None:
        raise Unusable("not a DOCX document: word/document.xml has no body")
    styles, n_tables, n_paras = _styles(z), 0, 0
    blocks: list[Paragraph | Table] = []
    for el in _children(body, "p", "tbl"):
        if el.tag == _q("tbl"):
            n_tables += 1
            blocks.append(_table(el, n_tables))
        else:
            text = _run_text(el).strip()
            if text:
                n_paras += 1
                blocks.append(Paragraph(n_paras, text, _heading(el, styles)))
    return Document("docx", tuple(blocks))
