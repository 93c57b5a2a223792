"""Read a filled scorecard XLSX (as :mod:`generator.render.xlsx` writes it, filled in any office suite).

``read_xlsx(data) -> {"card", "edition", "lang", "values", "header", "problems"}``: ``values`` maps
every filled input's field name (``<item id>--<column id>``, and ``<criterion id>--notes``) to the
text as typed (numbers without a trailing ``.0``, words as typed); ``header`` holds unit, period,
filled-by and date; ``problems`` is a list of (field or cell, message). Only cell VALUES are read:
formulas and cached results never count — the engine scores the values. Inputs are found by their
row's item id (last column) and the hidden row of column ids, so moved rows are still read; the
hidden sheet ``_pingan`` says which card it is and lists every formula cell with its digest, so a
formula overwritten or changed is reported. Files over 20 MB, or whose zip would unpack to more than
100 MB (a zip bomb), are refused before any part is opened; sheets that hold too many cells or reach
too far are refused as they are read (:mod:`.xlsx_limits`). Only the parts a card needs are read, with
the standard library (:mod:`.xlsx_parts`), keeping only the cells that hold something.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
import zlib
from functools import lru_cache
from typing import Any, TypedDict

from .contract import FORMAT_ID as FORMAT, HEADER, computed, field, is_header, parse, parse_xlsx_comments
from .untrusted import clip
from .xlsx_formulas import formulas
from .xlsx_limits import Refused, refusal
from .xlsx_parts import WHOLE_PART, Book, column_letter, coordinate

META = "_pingan"
_DROP = str.maketrans("", "", " $'")


@lru_cache(maxsize=1 << 14)  # the same formulas in every file of a card: each worked out once
def digest(formula: str) -> str:
    """A formula's fingerprint, blind to what office suites rewrite on saving (quotes, $, spaces, case)."""
    parts = formula.lstrip("=").split('"')  # even parts are outside string literals
    text = '"'.join(p if i % 2 else p.upper().translate(_DROP) for i, p in enumerate(parts))
    return hashlib.sha256(text.removeprefix("_XLFN.").encode()).hexdigest()[:16]


def text_of(v) -> str:
    """A cell's value as the person typed it."""
    if v.__class__ is str:
        return v
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    return "" if v is None else str(v)


class Grid:
    """One sheet's cells that hold something, by (row, column) (:meth:`.xlsx_parts.Book.cells`)."""

    def __init__(self, title: str, cells: dict[tuple[int, int], object]):
        self.title, self.cells = title, cells
        self.max_row = max((r for r, _ in cells), default=1)
        self.max_column = max((c for _, c in cells), default=1)

    def value(self, row: int, col: int):
        return self.cells.get((row, col))

    def at(self, addr: str):
        try:
            return self.cells.get(coordinate(addr))
        except (ValueError, TypeError):
            return None

    def rows(self):
        """Every row's values, the empty rows left out."""
        by_row: dict[int, dict[int, object]] = {}
        for (r, c), v in self.cells.items():
            by_row.setdefault(r, {})[c] = v
        for r in sorted(by_row):
            cols = by_row[r]
            yield tuple(cols.get(c) for c in range(1, max(cols) + 1))


def _meta(wb) -> dict[str, Any] | None:
    """The hidden sheet ``_pingan`` of a workbook (openpyxl's, or a dict of :class:`Grid` by sheet name)."""
    if META not in (wb if isinstance(wb, dict) else wb.sheetnames):
        return None
    rows = wb[META].rows() if isinstance(wb, dict) else wb[META].iter_rows(values_only=True)
    return _meta_of(rows)


def _meta_of(rows) -> dict[str, Any]:
    """fields: name → (address, kind); rows: the ids of the rows; formulas: (sheet, address, digest); and
    the identity lines (format, card, edition, lang, sheet) as they are written."""
    m: dict[str, Any] = {"fields": {}, "rows": set(), "formulas": []}
    for row in rows:
        row = tuple(row) + (None,) * 4
        key, rest = row[0], [text_of(x) for x in row[1:4]]
        if key == "field":
            m["fields"][rest[0]] = (rest[1], rest[2])
        elif key == "row":
            m["rows"].add(rest[0])
        elif key in ("fields", "rows", "formulas"):  # packed (render.xlsx._packed)
            _unpack(m, key, rest[0], rest[1].split())
        elif key == "formula":  # a cell each, as workbooks made before 2026-12 have them
            m["formulas"].append((rest[0], rest[1], rest[2]))
        elif key:
            m[key] = rest[0]
    return m


def _unpack(m: dict[str, Any], key: str, sheet: str, pieces: list[str]) -> None:
    if key == "fields":  # "name address kind …"
        m["fields"].update((n, (a, k)) for n, a, k in zip(pieces[::3], pieces[1::3], pieces[2::3], strict=False))
    elif key == "rows":  # "id id …"
        m["rows"].update(pieces)
    else:  # "address digest …"
        m["formulas"] += [(sheet, a, d) for a, d in zip(pieces[::2], pieces[1::2], strict=False)]


class Reader:
    def __init__(self, sheets: dict[str, Grid], meta: dict | None, problems: list):
        self.sheets, self.meta, self.problems = sheets, meta, problems
        name = (meta or {}).get("sheet")
        self.ws = sheets[name] if name in sheets else next(iter(sheets.values()))
        self.idcol = self.ws.max_column
        self.ids: dict[str, int] = {}
        for r in range(1, self.ws.max_row + 1):
            v = self.ws.value(r, self.idcol)
            if isinstance(v, str) and v.strip():
                self.ids.setdefault(v.strip(), r)
        hidden = self.ids.get("id")
        self.cols = {} if hidden is None else {
            text_of(self.ws.value(hidden, c)): c for c in range(1, self.idcol) if self.ws.value(hidden, c) is not None}

    def where(self, name: str) -> tuple[int, int] | None:
        item, col = parse(name)
        if item in self.ids and col in self.cols:
            return self.ids[item], self.cols[col]
        return None

    def cell_name(self, sheet: str, addr: str) -> str:
        try:
            row, column = coordinate(addr)
        except (ValueError, TypeError):
            return f"{sheet}!{addr}"
        if sheet != self.ws.title:
            return f"{sheet}!{addr}"
        rid = text_of(self.ws.value(row, self.idcol))
        col = next((k for k, v in self.cols.items() if v == column), "")
        return field(rid, col) if rid and col else f"{sheet}!{addr}"

    def value(self, field: str, at: tuple[int, int]) -> str | None:
        v = self.ws.value(*at)
        if isinstance(v, str) and v.startswith("="):
            self.problems.append((field, f"a formula ({clip(v, 40)}) in an input cell: type the value instead"))
            return None
        t = text_of(v)
        return t if t.strip() else None

    def fields(self) -> list[str]:
        if self.meta:
            return [f for f in self.meta["fields"] if not is_header(f)]
        out = []
        for rid in self.ids:
            if rid == "id" or computed(rid):
                continue
            out += [field(rid, col) for col in self.cols if col != "id"]
        return out

    def values(self) -> dict[str, str]:
        out, missing = {}, []
        for f in self.fields():
            at = self.where(f)
            if at is None:
                missing.append(f)
                continue
            v = self.value(f, at)
            if v is not None:
                out[f] = v
        if len(missing) > 10:  # the ID column or the row of column ids itself is gone: one line, not hundreds
            self.problems.append((missing[0], f"this and {len(missing) - 1} other inputs' rows or columns are missing "
                                              f"from the sheet (was something typed right of the ID column, or the "
                                              f"hidden row of column ids deleted?)"))
        else:
            self.problems.extend((f, "its row or column is missing from the sheet") for f in missing)
        return out

    def header(self) -> dict[str, str]:
        fields = (self.meta or {}).get("fields", {})
        out = {}
        for h in HEADER:
            addr = fields.get(h.field, ("",))[0]
            out[h.name] = text_of(self.ws.at(addr)).strip() if addr else ""
        return out

    def check(self) -> None:
        if not self.meta:
            return
        head = self.ids.get("id", 0) + 1  # the hidden row of column ids, then the header row
        for rid, r in self.ids.items():
            if r > head and rid not in self.meta["rows"]:
                self.problems.append((f"{self.ws.title}!{column_letter(self.idcol)}{r}",
                                      f"unknown row id '{clip(rid)}'"))
        for sheet, addr, dig in self.meta["formulas"]:
            self.formula(sheet, addr, dig)

    def formula(self, sheet: str, addr: str, dig: str) -> None:
        if sheet not in self.sheets:
            self.problems.append((sheet, "a sheet of the card's formulas is missing"))
            return
        v = self.sheets[sheet].at(addr)
        if not (isinstance(v, str) and v.startswith("=")):
            what = "deleted" if v is None else f"overwritten with the constant {clip(text_of(v))!r}"
            self.problems.append((self.cell_name(sheet, addr), f"formula {what}: totals must be computed, not typed"))
        elif digest(v) != dig:
            self.problems.append((self.cell_name(sheet, addr), f"formula changed ({clip(v)})"))


def _sheets(book: Book) -> dict[str, Grid]:
    """Every sheet's cells, in the workbook's order. The map (``_pingan``) is read first: a sheet it lists
    formulas of, other than the card's own, is only looked at for those formulas, which are read without a
    tree when the sheet is plain (:mod:`.xlsx_formulas`) and holds every one of them."""
    parts = dict(book.sheets)
    read = {META: Grid(META, book.cells(parts[META]))} if META in parts else {}
    meta = _meta(read) or {}
    wanted: dict[str, list[str]] = {}
    for sheet, addr, _ in meta.get("formulas", []):
        wanted.setdefault(sheet, []).append(addr)
    for name, part in book.sheets:
        if name in read:
            continue
        fast = None
        if name in wanted and name != meta.get("sheet") and book.z.getinfo(part).file_size <= WHOLE_PART:
            fast = formulas(book.z.read(part), book.budget)
        grid = Grid(name, fast) if fast is not None else None
        read[name] = grid if grid and all(grid.at(a) is not None for a in wanted[name]) else \
            Grid(name, book.cells(part))
    return {name: read[name] for name, _ in book.sheets}


def _open(data: bytes, problems: list) -> tuple[dict[str, Grid], str] | None:
    """Every sheet's cells and the document's comments (only looked at without ``_pingan``), or None (the
    problem added)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            book = Book(z)
            sheets = _sheets(book)
            comments = "" if META in sheets else book.description()
    except Refused as e:
        problems.append(("file", f"refused unread: {e}"))
        return None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):  # a part's data
        problems.append(("file", "not an XLSX workbook (not a zip file, or a damaged, truncated or encrypted one)"))
        return None
    except Exception as e:  # a damaged file fails in many ways: always one line
        problems.append(("file", f"not a readable XLSX workbook ({type(e).__name__}: {clip(e, 120)})"))
        return None
    if not sheets:
        problems.append(("file", "the workbook has no worksheet"))
        return None
    return sheets, comments


class XlsxRead(TypedDict):
    """What :func:`read_xlsx` finds in a file."""
    card: str | None
    edition: str | None
    lang: str | None
    values: dict[str, str]  # field → text
    header: dict[str, str]  # header name → text
    problems: list[tuple[str, str]]  # (where, message)


def read_xlsx(data: bytes) -> XlsxRead:
    """What a filled scorecard XLSX holds (see the module's docstring)."""
    out: XlsxRead = {"card": None, "edition": None, "lang": None, "values": {}, "header": {h.name: "" for h in HEADER},
           "problems": []}
    refused = refusal(data)
    if refused:
        out["problems"].append(("file", refused))
        return out
    opened = _open(data, out["problems"])
    if opened is None:
        return out
    sheets, comments = opened
    meta = _meta(sheets)
    if meta is None:
        out["problems"].append((META, "the hidden sheet _pingan (card, edition, map of the cells) is missing"))
    elif meta.get("format") != FORMAT:
        out["problems"].append((META, f"format {clip(meta.get('format'))!r} is not {FORMAT}"))
    ident = meta or parse_xlsx_comments(comments)
    out["card"], out["edition"], out["lang"] = ident.get("card"), ident.get("edition"), ident.get("lang")
    r = Reader(sheets, meta, out["problems"])
    out["values"] = r.values()
    out["header"] = r.header()
    r.check()
    return out
