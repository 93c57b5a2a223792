"""A sheet read only for its formulas (the hidden ``_calc`` sheet, whose every cell the card's map lists with
its digest), without building a tree of its XML: the part is checked well-formed by expat alone, then the
formulas are taken with one regular expression.

The shortcut is taken only where it reads exactly what the tree would: a UTF-8 part whose root is a
``worksheet`` in the spreadsheet namespace as the default one (no other default namespace), without a
DOCTYPE, comment, CDATA section or processing instruction (no ``<!``, no ``<?`` after the declaration), without
carriage returns (which XML would turn into line feeds), without shared formulas; one ``sheetData`` whose
every cell starts with its ``r=`` address, each address once; and every ``<f>`` of the part is the first
child of one of those cells; its used range (``<dimension>``) within the limits. Anything else, and any
address the caller needs but does not find here, and the caller reads the sheet the usual way
(:meth:`.xlsx_parts.Book.cells`), which gives the same formulas or raises the same error. The sheet's
other cells are not read at all: a damaged value in one of them (a text's index past the shared strings)
does not make the file unreadable, as it would read the usual way.
"""
from __future__ import annotations

import re
import xml.parsers.expat
from functools import lru_cache

from .xlsx_limits import MAX_COLS, MAX_ROWS, Budget
from .xlsx_parts import coordinate

_HEAD = re.compile(rb'(<\?xml[^>]*\?>)?\s*<worksheet xmlns="http://schemas\.openxmlformats\.org/spreadsheetml/2006/main"')
_UTF8 = re.compile(rb'encoding=["\'](?!utf-?8["\'])', re.I)
_CELL = re.compile(rb"<c[\s>/]")
_ADDRESS = re.compile(rb'<c r="([A-Z]{1,3}[1-9][0-9]{0,6})"')  # no leading zeros: one spelling of each address
_F = re.compile(rb"<f[\s>/]")
_ATTRIBUTES = rb'(?:\s+[\w:]+="[^"<>]*")*'
_FORMULA = re.compile(rb'<c r="([A-Z]{1,3}[1-9][0-9]{0,6})"' + _ATTRIBUTES + rb"><f" + _ATTRIBUTES + rb">([^<]*)</f>")
_NAMESPACE = b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_DIMENSION = re.compile(rb'<dimension ref="([A-Z0-9:]*)"')
_ENTITY = re.compile(r"&(?:#([0-9]+)|#x([0-9a-fA-F]+)|(lt|gt|amp|quot|apos));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _char(m: re.Match) -> str:
    if m.group(3):
        return _NAMED[m.group(3)]
    return chr(int(m.group(1)) if m.group(1) else int(m.group(2), 16))


@lru_cache(maxsize=1 << 14)  # the same formulas in every file of a card: each read once
def _formula(raw: bytes) -> str:
    """A formula's text as the tree would hold it (entities replaced), with its ``=``."""
    f = raw.decode("utf-8")
    return "=" + (_ENTITY.sub(_char, f) if "&" in f else f)


def _plain(data: bytes) -> bool:
    """Whether the part is of the plain kind the expressions read exactly (see the module's docstring)."""
    head = _HEAD.match(data)
    if head is None or (head.group(1) and _UTF8.search(head.group(1))):
        return False
    rest = data[head.end():]
    dimensions = _DIMENSION.findall(data)  # a used range beyond the limits is refused by the usual way
    return not (b"<!" in data or b"<?" in rest or b"\r" in data or b't="shared"' in data
                or rest.count(b'xmlns="') or data.count(_NAMESPACE) != 1  # the main namespace as the default only
                or data.count(b"<sheetData") != 1 or data.count(b"</sheetData>") != 1
                or data.count(b"<dimension") != len(dimensions) or any(Budget.too_far(d.decode()) for d in dimensions))


def formulas(data: bytes, budget: Budget) -> dict[tuple[int, int], object] | None:
    """The formulas of a worksheet part, ``"=…"`` by (row, column), counted against ``budget``; None when the
    part is not of the plain kind or is not well-formed (the caller then reads it the usual way)."""
    if not _plain(data):
        return None
    try:
        xml.parsers.expat.ParserCreate().Parse(data, True)
    except xml.parsers.expat.ExpatError:
        return None
    area = data[data.index(b"<sheetData"):data.index(b"</sheetData>")]
    addresses = _ADDRESS.findall(area)
    found = _FORMULA.findall(area)
    if len(addresses) != len(_CELL.findall(area)) or len(set(addresses)) != len(addresses) \
            or len(found) != len(_F.findall(data)):
        return None
    out: dict[tuple[int, int], object] = {coordinate(ref.decode()): _formula(text) for ref, text in found}
    if any(row > MAX_ROWS or col > MAX_COLS for row, col in out):
        return None
    budget.chunk(data)
    budget.cells += len(addresses)
    budget.cell_count()
    return out
