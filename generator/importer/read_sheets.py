"""An .xlsx workbook (openpyxl, read-only: values only, no formulas run) as one table per visible sheet,
merged ranges as cells with their span. A sheet of 10⁶ rows is refused before it is read."""
from __future__ import annotations

import io
import re
import warnings
import zipfile
from datetime import date, datetime

from lxml import etree

from .doc import MAX_CELLS, MAX_ROWS, Cell, Document, Table, Unusable, check_zip

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_REF = re.compile(r"([A-Z]+)(\d+)")


def _rc(ref: str) -> tuple[int, int]:
    m = _REF.fullmatch(ref)
    if m is None:  # every caller matched it first
        raise ValueError(f"not a cell reference: {ref}")
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def _merges(z, path: str) -> list[tuple[int, int, int, int]]:
    """(row, col, rows, cols) of every merged range of one sheet's XML (streamed: the ranges follow the rows)."""
    out = []
    with z.open(path) as f:
        for _, el in etree.iterparse(f, events=("end",), resolve_entities=False, no_network=True, huge_tree=False):
            if el.tag.endswith("}mergeCell"):
                a, _, b = (el.get("ref") or "").partition(":")
                if _REF.fullmatch(a) and _REF.fullmatch(b or a):
                    (r0, c0), (r1, c1) = _rc(a), _rc(b or a)
                    out.append((r0, c0, r1 - r0 + 1, c1 - c0 + 1))
            elif el.tag.endswith("}row"):
                el.clear()
    return out


def _too_long(z, path: str, name: str) -> None:
    """Refuse a sheet of more than MAX_ROWS rows before openpyxl reads it (it would scan all of it for its
    size): the declared dimension, else the rows counted as they stream by, stopping at the limit."""
    rows = 0
    with z.open(path) as f:
        for _, el in etree.iterparse(f, events=("end",), resolve_entities=False, no_network=True, huge_tree=False):
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "dimension":
                last = (el.get("ref") or "").partition(":")[2] or el.get("ref") or ""
                if _REF.fullmatch(last) and _rc(last)[0] + 1 > MAX_ROWS:
                    raise Unusable(f"sheet '{name}' has {_rc(last)[0] + 1:,} rows: more than the {MAX_ROWS:,} "
                                   f"a scorecard may have")
            elif tag == "row":
                rows += 1
                el.clear()
                if rows > MAX_ROWS:
                    raise Unusable(f"sheet '{name}' has more than {MAX_ROWS:,} rows: not a scorecard")
            elif tag == "sheetData":
                return


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (datetime, date)):
        return v.isoformat()[:10]
    return str(v).strip()


def _sheet_paths(z) -> dict[str, str]:
    """Sheet name → its part in the zip (from the workbook and its relationships)."""
    rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"), _PARSER)
    target = {r.get("Id"): r.get("Target") for r in rels}
    wb = etree.fromstring(z.read("xl/workbook.xml"), _PARSER)
    out = {}
    for s in wb.iter("{*}sheet"):
        rid = next((v for k, v in s.attrib.items() if k.endswith("}id")), None)
        t = (target.get(rid) or "").lstrip("/")
        out[s.get("name")] = t if t.startswith("xl/") else f"xl/{t}"
    return out


def _values(ws, name: str) -> dict[tuple[int, int], str]:
    if (ws.max_row or 0) > MAX_ROWS:
        raise Unusable(f"sheet '{name}' has {ws.max_row:,} rows: more than the {MAX_ROWS:,} a scorecard may have")
    values, n = {}, 0
    for r, row in enumerate(ws.iter_rows(values_only=True)):
        if r >= MAX_ROWS:
            raise Unusable(f"sheet '{name}' has more than {MAX_ROWS:,} rows: not a scorecard")
        for c, v in enumerate(row):
            n += 1
            if n > MAX_CELLS:
                raise Unusable(f"sheet '{name}' has more than {MAX_CELLS:,} cells: not a scorecard")
            t = _text(v)
            if t:
                values[r, c] = t
    return values


def _table(values: dict, merges: list, number: int, name: str) -> Table:
    cells, covered = [], set()
    for r, c, rows, cols in merges:
        cells.append(Cell(values.get((r, c), ""), r, c, rows, cols))
        covered |= {(i, j) for i in range(r, r + rows) for j in range(c, c + cols)}
    cells += [Cell(t, r, c) for (r, c), t in values.items() if (r, c) not in covered]
    return Table(number, tuple(sorted(cells, key=lambda x: (x.row, x.col))), name=name)


def read_xlsx(data: bytes) -> Document:
    import openpyxl

    z = check_zip(data, "XLSX workbook")
    try:
        paths = _sheet_paths(z)
        for name, path in paths.items():
            _too_long(z, path, name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (KeyError, etree.XMLSyntaxError, OSError, ValueError, TypeError, zipfile.BadZipFile) as e:
        raise Unusable(f"a damaged XLSX workbook ({type(e).__name__})") from None
    blocks: list[Table] = []
    notes: list[str] = []
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                notes.append(f"sheet '{ws.title}' is hidden: not read")
                continue
            values = _values(ws, ws.title)
            if not values:
                continue
            merges = _merges(z, paths[ws.title]) if ws.title in paths else []
            blocks.append(_table(values, merges, len(blocks) + 1, ws.title))
    finally:
        wb.close()
    return Document("xlsx", tuple(blocks), tuple(notes))
