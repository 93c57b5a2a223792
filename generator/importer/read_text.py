"""Web pages (.html: lxml, with scripts, styles and everything else that runs left out, never executed
or copied), and plain text or Markdown (.txt, .md: paragraphs, and Markdown tables as tables)."""
from __future__ import annotations

import re

from lxml import etree, html

from .doc import MAX_ROWS, Cell, Document, Paragraph, Table, Unusable

_DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "head",
         "button", "select", "textarea")
_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "dd", "dt", "td", "th",
           "section", "article", "br"}


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (GBK files), else UTF-16 with its BOM."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise Unusable("neither UTF-8 nor GBK text")


def _text(el) -> str:
    """The text of an element, a line break for each block inside it."""
    parts = []

    def walk(e):
        if not isinstance(e.tag, str) or e.tag in _DROP:
            if e.tail:
                parts.append(e.tail)
            return
        if e.tag in _BLOCKS:
            parts.append("\n")
        if e.text:
            parts.append(e.text)
        for ch in e:
            walk(ch)
        if e.tail:
            parts.append(e.tail)

    walk(el)
    return re.sub(r"[ \t\u00a0\u3000]+", " ", "".join(parts)).strip()


def _span(td, key: str) -> int:
    v = (td.get(key) or "1").strip()
    return max(1, min(int(v), 1000)) if v.isdigit() else 1


def _html_table(t, number: int) -> Table:
    cells, taken = [], set()
    rows = [tr for tr in t.iter("tr") if tr.xpath("ancestor::table[1]")[0] is t]
    if len(rows) > MAX_ROWS:
        raise Unusable(f"table {number} has more than {MAX_ROWS:,} rows: not a scorecard")
    for r, tr in enumerate(rows):
        col = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while (r, col) in taken:
                col += 1
            rs, cs = _span(td, "rowspan"), _span(td, "colspan")
            cells.append(Cell(_text(td), r, col, rs, cs, len(td.xpath(".//table"))))
            taken |= {(i, j) for i in range(r, r + rs) for j in range(col, col + cs)}
            col += cs
    return Table(number, tuple(cells))


def _html_text(data: bytes) -> str:
    """The page's text: in the charset its <meta> names (GBK pages are common), else UTF-8 or GB18030."""
    m = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", data[:4096], re.I)
    if m:
        try:
            return data.decode(m.group(1).decode("ascii").lower().replace("gb2312", "gb18030")
                               .replace("gbk", "gb18030"), errors="replace")
        except LookupError:
            pass
    return decode(data)


def read_html(data: bytes) -> Document:
    text = re.sub(r"^\s*<\?xml[^>]*>", "", _html_text(data))
    if not text.strip():
        raise Unusable("the page is empty")
    try:
        root = html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        raise Unusable("not an HTML page (nothing could be parsed)") from None
    dropped = sum(1 for e in root.iter(*_DROP) if e.tag in ("script", "iframe", "object", "embed"))
    body = root.find("body")
    body = root if body is None else body
    blocks, n_t, n_p = [], 0, 0

    def walk(e):
        nonlocal n_t, n_p
        if not isinstance(e.tag, str) or e.tag in _DROP:
            return
        if e.tag == "table":
            n_t += 1
            blocks.append(_html_table(e, n_t))
            return
        if e.tag in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote") or (
                e.tag == "div" and not any(isinstance(c.tag, str) and c.tag in _BLOCKS | {"table"} for c in e)):
            text = _text(e)
            for line in (x.strip() for x in text.split("\n")):
                if line:
                    n_p += 1
                    blocks.append(Paragraph(n_p, line, int(e.tag[1]) if re.fullmatch(r"h[1-6]", e.tag) else 0))
            return
        loose(e.text)
        for ch in e:
            walk(ch)
            loose(ch.tail)

    def loose(text):  # words directly inside a container, beside its blocks
        nonlocal n_p
        if text and text.strip():
            n_p += 1
            blocks.append(Paragraph(n_p, re.sub(r"\s+", " ", text).strip()))

    walk(body)
    notes = (f"{dropped} script, frame or embedded object(s) left out (never run, never copied)",) if dropped else ()
    return Document("html", tuple(blocks), notes)


def _md_row(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def read_text(data: bytes, markdown: bool = False) -> Document:
    """One paragraph per line; with ``markdown``, '#' headings and '|' tables too."""
    text = decode(data)
    blocks: list[Paragraph | Table] = []
    rows: list[list[str]] = []
    n_t = n_p = 0

    def flush():
        nonlocal rows, n_t
        body = [r for r in rows if not all(re.fullmatch(r":?-{3,}:?", c) for c in r if c)]
        if body:
            n_t += 1
            blocks.append(Table(n_t, tuple(Cell(t, r, c) for r, row in enumerate(body) for c, t in enumerate(row))))
        rows = []

    for line in text.splitlines():
        s = line.strip()
        if markdown and s.startswith("|") and s.count("|") >= 2:
            rows.append(_md_row(s))
            continue
        flush()
        if not s:
            continue
        level = 0
        if markdown and (m := re.match(r"(#{1,6})\s+(.*)", s)):
            level, s = len(m.group(1)), m.group(2).strip()
        n_p += 1
        blocks.append(Paragraph(n_p, s, level))
    flush()
    return Document("md" if markdown else "txt", tuple(blocks))
